import Foundation

/// Size and modification time of a file, read with one `stat` call (FileManager's attributes
/// also look up the owner's name, which costs a read of /etc/passwd each time).
public struct FileInfo: Sendable {
    /// Size in bytes.
    public var size: Int
    /// Last modification time.
    public var modified: Date
    /// Whether it is a folder.
    public var isFolder: Bool
    /// Whether it is an ordinary file (not a folder, device, pipe or socket).
    public var isRegularFile: Bool

    /// The file's details, or nil if there is nothing at `path`.
    public init?(_ path: String) {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        size = Int(s.st_size)
        modified = Date(timeIntervalSince1970: TimeInterval(s.st_mtim.tv_sec) + TimeInterval(s.st_mtim.tv_nsec) / 1e9)
        isFolder = (s.st_mode & S_IFMT) == S_IFDIR
        isRegularFile = (s.st_mode & S_IFMT) == S_IFREG
    }
}
