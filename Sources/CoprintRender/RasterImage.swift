internal import CCairoPango
import Foundation

/// A decoded image: width, height and one 0xRRGGBB value per pixel. Used to compare renders with
/// reference images and to show the two side by side when they differ.
public struct RasterImage: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Pixels, row by row, as 0xRRGGBB.
    public var pixels: [UInt32]

    /// Decodes PNG bytes.
    public init(png: Data) throws {
        let reader = ByteReader(data: png)
        let unmanaged = Unmanaged.passRetained(reader)
        defer { unmanaged.release() }
        guard let surface = cairo_image_surface_create_from_png_stream(ByteReader.read, unmanaged.toOpaque()) else {
            throw CoprintRenderError("could not read the PNG")
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw CoprintRenderError("this is not a readable PNG image") }
        cairo_surface_flush(surface)
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let base = cairo_image_surface_get_data(surface) else { throw CoprintRenderError("the PNG has no pixels") }
        var out = [UInt32](repeating: 0, count: width * height)
        for y in 0..<height {
            let row = UnsafeRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width { out[y * width + x] = row[x] & 0xFFFFFF }
        }
        pixels = out
    }

    /// Makes an image from pixels.
    public init(width: Int, height: Int, pixels: [UInt32]) {
        self.width = width; self.height = height; self.pixels = pixels
    }

    /// How different two images are: the share of pixels whose colour differs by more than
    /// `threshold` (0-255) in any channel. Images of different sizes differ completely.
    public func difference(from other: RasterImage, threshold: Int = 48) -> Double {
        guard width == other.width, height == other.height, !pixels.isEmpty else { return 1 }
        var differing = 0
        for i in pixels.indices {
            let a = pixels[i], b = other.pixels[i]
            for shift in [0, 8, 16] {
                let ca = Int((a >> UInt32(shift)) & 0xFF), cb = Int((b >> UInt32(shift)) & 0xFF)
                if abs(ca - cb) > threshold { differing += 1; break }
            }
        }
        return Double(differing) / Double(pixels.count)
    }

    /// The two images next to each other, `self` on the left, on a grey background.
    public func beside(_ other: RasterImage) -> RasterImage {
        let gap = 8
        let w = width + gap + other.width, h = max(height, other.height)
        var out = [UInt32](repeating: 0x808080, count: w * h)
        for y in 0..<height { for x in 0..<width { out[y * w + x] = pixels[y * width + x] } }
        for y in 0..<other.height { for x in 0..<other.width { out[y * w + width + gap + x] = other.pixels[y * other.width + x] } }
        return RasterImage(width: w, height: h, pixels: out)
    }

    /// Encodes the image as PNG.
    public func png() throws -> Data {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw CoprintRenderError("could not make an image")
        }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let base = cairo_image_surface_get_data(surface) else { throw CoprintRenderError("could not make an image") }
        for y in 0..<height {
            let row = UnsafeMutableRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width { row[x] = pixels[y * width + x] }
        }
        cairo_surface_mark_dirty(surface)
        let sink = ByteSink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        guard cairo_surface_write_to_png_stream(surface, ByteSink.write, unmanaged.toOpaque()) == CAIRO_STATUS_SUCCESS else {
            throw CoprintRenderError("could not write the PNG")
        }
        return sink.data
    }
}

/// Feeds bytes to Cairo's PNG reader.
final class ByteReader {
    let data: Data
    var offset = 0
    init(data: Data) { self.data = data }

    static let read: cairo_read_func_t = { closure, buffer, length in
        guard let closure, let buffer else { return CAIRO_STATUS_READ_ERROR }
        let reader = Unmanaged<ByteReader>.fromOpaque(closure).takeUnretainedValue()
        let n = Int(length)
        guard reader.offset + n <= reader.data.count else { return CAIRO_STATUS_READ_ERROR }
        reader.data.copyBytes(to: buffer, from: reader.offset..<(reader.offset + n))
        reader.offset += n
        return CAIRO_STATUS_SUCCESS
    }
}
