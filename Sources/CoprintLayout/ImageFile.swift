import Foundation

/// A picture a content file or batch job supplies (a logo), read and checked but not decoded.
///
/// Only PNG is accepted. Paths are taken relative to the file that names them and may not lead
/// out of its folder: no `..`, no absolute paths, no links to elsewhere.
public struct ImageFile: Sendable, Hashable {
    /// The PNG bytes.
    public var data: Data
    /// Width in pixels.
    public var pixelWidth: Int
    /// Height in pixels.
    public var pixelHeight: Int
    /// The path as written, for messages.
    public var name: String

    /// The largest picture file accepted.
    public static let maximumBytes = 5 * 1024 * 1024
    /// The largest width or height accepted, in pixels.
    public static let maximumPixels = 6000

    /// Checks PNG bytes, reading the size from the header. Throws a plain message if they are not
    /// a PNG coprint can use.
    public init(png data: Data, name: String) throws {
        self.name = name
        guard data.count <= ImageFile.maximumBytes else {
            throw ImageError("\(name) is \(data.count / 1024 / 1024) MB; pictures must be under \(ImageFile.maximumBytes / 1024 / 1024) MB. Save a smaller copy.")
        }
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let bytes = [UInt8](data.prefix(24))
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF {
            throw ImageError("\(name) is a JPEG; coprint takes PNG pictures only. Save it as PNG and try again.")
        }
        guard bytes.count == 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw ImageError("\(name) is not a PNG picture (or it is damaged). Save it as PNG and try again.")
        }
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        pixelWidth = be32(16)
        pixelHeight = be32(20)
        guard pixelWidth > 0, pixelHeight > 0 else { throw ImageError("\(name) has no pixels; it may be damaged") }
        guard pixelWidth <= ImageFile.maximumPixels, pixelHeight <= ImageFile.maximumPixels else {
            throw ImageError("\(name) is \(pixelWidth) x \(pixelHeight) pixels; pictures must be at most \(ImageFile.maximumPixels) pixels each way. Save a smaller copy.")
        }
        self.data = data
    }

    /// Reads the picture at `path`, relative to `folder`, refusing paths that lead out of it.
    public static func load(_ path: String, relativeTo folder: URL) throws -> ImageFile {
        let real = try SafePath.resolve(path, in: folder, what: "the picture")
        guard FileManager.default.fileExists(atPath: real.path) else {
            throw ImageError("there is no picture at '\(path)' (looked in \(displayPath(folder)))")
        }
        guard FileInfo(real.path)?.isRegularFile == true else {
            throw ImageError("'\(path)' is not an ordinary file (a folder, device or pipe); give a PNG picture")
        }
        if let size = FileInfo(real.path)?.size, size > maximumBytes {
            throw ImageError("\(path) is \(size / 1024 / 1024) MB; pictures must be under \(maximumBytes / 1024 / 1024) MB. Save a smaller copy.")
        }
        let data: Data
        do { data = try Data(contentsOf: real) } catch { throw ImageError("cannot read '\(path)': \(error.localizedDescription)") }
        return try ImageFile(png: data, name: path)
    }
}

/// Resolves paths written in a file relative to that file's folder, refusing any that lead out of it.
public enum SafePath {
    /// The real location of `path` inside `folder`. Refuses absolute paths, `..`, and links that
    /// point outside the folder, naming `what` the path is for in the message.
    public static func resolve(_ path: String, in folder: URL, what: String, example: String = "logos/ours.png") throws -> URL {
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else {
            throw ImageError("'\(path)' is a full path; give \(what) relative to this file's folder, such as \(example)")
        }
        guard !path.split(separator: "/").contains("..") else {
            throw ImageError("'\(path)' leads out of this file's folder (it contains '..'); put \(what) in the same folder or one below it")
        }
        let root = folder.standardizedFileURL.resolvingSymlinksInPath()
        let real = root.appendingPathComponent(path).standardizedFileURL.resolvingSymlinksInPath()
        guard real.path.hasPrefix(root.path + "/") else {
            throw ImageError("'\(path)' is a link to a file outside this file's folder; copy \(what) into the folder instead")
        }
        return real
    }
}

/// Why a picture could not be used.
public struct ImageError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public var message: String
    /// Makes an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
