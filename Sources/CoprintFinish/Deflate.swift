internal import CZlib
import Foundation

/// Compresses bytes as a PDF FlateDecode stream (zlib format).
enum Deflate {
    /// `bytes` compressed at `level` (1, the fastest, to 9, the smallest), or nil if zlib fails.
    ///
    /// The finishing step rewrites each page's content to mark artifacts; left to qpdf, the new
    /// stream was compressed at zlib's default level, which was about a quarter of the step's
    /// time. Level 1 costs a fraction of that for a stream a few per cent larger.
    static func compress(_ bytes: [UInt8], level: Int32 = 1) -> [UInt8]? {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in compress2(o.baseAddress, &size, i.baseAddress, uLong(i.count), level) }
        }
        guard status == Z_OK else { return nil }
        out.removeSubrange(Int(size)...)
        return out
    }
}
