import CoprintLayout
import Foundation

/// Writes files so that a file under its final name is always complete: write to a temporary
/// name in the same folder, check every write, then rename into place.
///
/// Temporary files are named `.NAME.PID-XXXXXXXX.tmp`. While one is being written it is known to
/// ``removeTemporaryFiles()``, which a signal handler calls before coprint exits, and a later run
/// removes any left by a process that no longer exists (``removeStaleTemporaryFiles(in:)``).
public enum SafeFile {
    /// Writes `data` to `url` atomically, creating the folder if needed. With `root`, the file must
    /// end up inside that folder once every link already on the way is followed: a link that leads
    /// out is refused. Folders created for a write that fails are removed again.
    ///
    /// With `durable` (the default) the file is on the disk itself before it takes its name, so
    /// it survives a power cut. Without it the file is still complete under its name for every
    /// program (a crash or a kill cannot leave it half-written), but a power cut before the
    /// system writes it out can lose it: a batch passes false and flushes many files at once with
    /// ``DiskFlusher``.
    public static func write(_ data: Data, to url: URL, inside root: URL? = nil, durable: Bool = true) throws {
        let folder = url.deletingLastPathComponent()
        if let root { try checkInside(folder, root: root, file: url) }
        let created = try createFolders(folder)
        var written = false
        defer { if !written { removeFolders(created) } }
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8)).tmp")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CoprintError("cannot write to \(displayPath(folder)): \(String(cString: strerror(errno))). Choose another output folder with -o.")
        }
        // Locked while it is written: a later run (here or on another machine sharing the folder)
        // knows a temporary file is stale when it can take the lock.
        _ = flock(fd, LOCK_EX | LOCK_NB)
        pending.with { _ = $0.insert(temp.path) }
        defer { pending.with { _ = $0.remove(temp.path) } }
        var failure: String?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno)); return
                }
                offset += n
            }
        }
        if failure == nil, durable, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temp.path, url.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temp.path)
            throw CoprintError("could not write \(displayPath(url)): \(failure). Nothing was saved under that name.")
        }
        written = true
    }

    // MARK: Folders

    /// Creates `folder` and any missing parents, one at a time, returning those it created
    /// (deepest last) so that a failed write can remove them.
    static func createFolders(_ folder: URL) throws -> [URL] {
        var missing: [URL] = []
        var f = folder.standardizedFileURL
        while FileInfo(f.path) == nil, f.path != "/", missing.count < 10_000 {
            missing.append(f)
            f = f.deletingLastPathComponent()
        }
        if let existing = FileInfo(f.path), !existing.isFolder {
            throw CoprintError("cannot create the folder \(displayPath(folder)): \(displayPath(f)) is a file, not a folder")
        }
        var created: [URL] = []
        for m in missing.reversed() {
            if mkdir(m.path, 0o755) != 0 && errno != EEXIST {
                let reason = String(cString: strerror(errno))
                removeFolders(created)
                throw CoprintError("cannot create the folder \(shortened(displayPath(folder))): \(reason). Nothing was written, and no folder was left behind.")
            }
            created.append(m)
        }
        return created
    }

    /// A path cut to its first and last 60 characters, for messages.
    static func shortened(_ path: String) -> String {
        path.count <= 160 ? path : "\(path.prefix(60))...\(path.suffix(60))"
    }

    /// Removes folders this run created, deepest first, if they are still empty.
    static func removeFolders(_ created: [URL]) {
        for f in created.reversed() { rmdir(f.path) }
    }

    /// Refuses a write into `folder` if, once links are followed, it is not inside `root`.
    static func checkInside(_ folder: URL, root: URL, file: URL) throws {
        // If the output folder does not exist yet, nothing inside it can be a link.
        guard let realRoot = realPath(root.standardizedFileURL) else { return }
        // Only what exists already can be a link: the rest is created as plain folders.
        var existing = folder.standardizedFileURL
        while FileInfo(existing.path) == nil, existing.path != "/" { existing = existing.deletingLastPathComponent() }
        guard let realExisting = realPath(existing) else { return }
        let inside = realExisting == realRoot || realExisting.hasPrefix(realRoot == "/" ? "/" : realRoot + "/")
        guard inside else {
            throw CoprintError("\(displayPath(file)) would be written outside the output folder \(displayPath(root)), because \(displayPath(existing)) leads to \(realExisting) (a link). Nothing was written; remove the link or choose another output name.")
        }
    }

    private static func realPath(_ url: URL) -> String? {
        guard let p = realpath(url.path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    // MARK: Temporary files

    private static let pending = Locked(Set<String>())

    /// Removes the temporary files being written at this moment: called before coprint exits on
    /// a signal, so that no half-written file is left.
    public static func removeTemporaryFiles() {
        pending.with { paths in
            for p in paths { unlink(p) }
            paths.removeAll()
        }
    }

    /// Whether `name` is one of coprint's temporary file names, and the process that wrote it.
    static func temporaryFileProcess(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
        let stem = name.dropLast(4)
        guard let dot = stem.lastIndex(of: ".") else { return nil }
        let tail = stem[stem.index(after: dot)...]
        let parts = tail.split(separator: "-")
        guard parts.count == 2, parts[1].count == 8, let pid = pid_t(parts[0]) else { return nil }
        return pid
    }

    /// Removes temporary files in `folder` left by earlier runs that were killed (by `kill -9`, a
    /// power cut) before they could clean up. A file being written is locked by its writer, so
    /// one whose lock can be taken is stale, whichever machine or process made it. Returns how
    /// many were removed.
    @discardableResult
    public static func removeStaleTemporaryFiles(in folder: URL) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return 0 }
        let me = ProcessInfo.processInfo.processIdentifier
        var removed = 0
        for name in names {
            guard let pid = temporaryFileProcess(name), pid != me else { continue }
            let path = folder.appendingPathComponent(name).path
            guard FileInfo(path)?.isRegularFile == true else { continue }
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            if flock(fd, LOCK_EX | LOCK_NB) == 0, unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    // MARK: Complete files

    /// Whether the file at `url` is a complete output: not empty, and for a PDF starting with
    /// `%PDF-` and ending with the `%%EOF` trailer, for a PNG with the PNG signature and the IEND
    /// end chunk. A file cut short by a full disk or a killed process fails this.
    public static func isComplete(_ url: URL) -> Bool {
        guard let info = FileInfo(url.path), !info.isFolder, info.size > 0,
              let handle = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 8) else { return false }
        let tailLength = min(info.size, 1024)
        guard (try? handle.seek(toOffset: UInt64(info.size - tailLength))) != nil,
              let tail = try? handle.read(upToCount: tailLength) else { return false }
        switch url.pathExtension.lowercased() {
        case "pdf":
            guard head.starts(with: Array("%PDF-".utf8)) else { return false }
            let end = String(decoding: tail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return end.hasSuffix("%%EOF")
        case "png":
            let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            let iend: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            return Array(head) == signature && Array(tail.suffix(12)) == iend
        default:
            return true
        }
    }
}

extension SafeFile {
    /// Whether `a` and `b` are the same file: the same path once links are followed, or the same
    /// file on disk (a hard link).
    public static func sameFile(_ a: URL, _ b: URL) -> Bool {
        if a.standardizedFileURL.path == b.standardizedFileURL.path { return true }
        var sa = stat(), sb = stat()
        guard stat(a.path, &sa) == 0, stat(b.path, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}

/// Flushes a batch's files to disk in groups instead of one `fsync` per file: after every
/// `every` files, and once more at the end, the system writes out what is waiting (`sync`, which
/// Linux finishes before returning; `syncfs`, one disk only, is not reachable from Swift's C
/// library module) and each folder written to since the last flush has its entries made durable. Between flushes, files are complete under their names but not yet proof
/// against a power cut; `--resume` reprints any that a power cut left empty or cut short.
public final class DiskFlusher: @unchecked Sendable {
    /// How many files are written between flushes.
    public let every: Int
    private let state = Locked((count: 0, folders: Set<String>()))

    /// A flusher that flushes after every `every` files.
    public init(every: Int) { self.every = max(1, every) }

    /// Records that `url` was written; flushes when the group is full.
    public func wrote(_ url: URL) {
        let due = state.with { s -> Set<String>? in
            s.count += 1
            s.folders.insert(url.deletingLastPathComponent().path)
            guard s.count >= every else { return nil }
            defer { s = (0, []) }
            return s.folders
        }
        if let due { flush(due) }
    }

    /// Flushes whatever was written since the last flush.
    public func finish() {
        let due = state.with { s -> Set<String> in defer { s = (0, []) }; return s.folders }
        if !due.isEmpty { flush(due) }
    }

    private func flush(_ folders: Set<String>) {
        sync()
        for f in folders {
            let fd = open(f, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd >= 0 { _ = fsync(fd); close(fd) }
        }
    }
}
