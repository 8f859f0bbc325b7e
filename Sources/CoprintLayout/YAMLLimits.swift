internal import CYaml
import Foundation

/// Limits on the YAML reader (libyaml, inside Yams) that hold whatever a file contains.
enum YAMLLimits {
    /// The deepest nesting libyaml accepts: Yams reads nested values recursively, so a file of
    /// thousands of `[` would otherwise use up a worker thread's stack before coprint's own
    /// depth check (``SourceReader/maximumDepth``) sees it.
    static let maximumNesting: Int32 = 100

    private static let installed: Void = { yaml_set_max_nest_level(maximumNesting) }()

    /// Sets the limits (once per process; later calls do nothing).
    static func install() { _ = installed }

    /// Where a file's aliases expand past the limits, and how: a quick pass over libyaml's events
    /// that adds up how many values and how much text each anchor (`&name`) stands for, before
    /// Yams builds (and hashes) the expanded tree. Nil when the file stays within the limits or
    /// is not valid YAML (Yams then reports the mistake itself).
    static func aliasExpansionProblem(in text: String, maximumValues: Int, maximumBytes: Int) -> (line: Int, column: Int, what: String)? {
        install()
        guard text.contains("*") else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> (Int, Int, String)? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            struct Size { var values = 0; var bytes = 0 }
            var anchors: [String: Size] = [:]
            var open: [(anchor: String?, size: Size)] = []
            var total = Size()
            func name(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }
            func add(_ s: Size) {
                if open.isEmpty { total.values += s.values; total.bytes += s.bytes } else {
                    open[open.count - 1].size.values += s.values
                    open[open.count - 1].size.bytes += s.bytes
                }
            }
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    let s = Size(values: 1, bytes: Int(event.data.scalar.length))
                    if let a = name(event.data.scalar.anchor) { anchors[a] = s }
                    add(s)
                case YAML_SEQUENCE_START_EVENT:
                    open.append((name(event.data.sequence_start.anchor), Size(values: 1, bytes: 0)))
                case YAML_MAPPING_START_EVENT:
                    open.append((name(event.data.mapping_start.anchor), Size(values: 1, bytes: 0)))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let done = open.popLast() else { return nil }
                    if let a = done.anchor { anchors[a] = done.size }
                    add(done.size)
                case YAML_ALIAS_EVENT:
                    add(name(event.data.alias.anchor).flatMap { anchors[$0] } ?? Size(values: 1, bytes: 0))
                default:
                    break
                }
                let current = open.reduce(total) { Size(values: $0.values + $1.size.values, bytes: $0.bytes + $1.size.bytes) }
                if current.values > maximumValues {
                    return (line, column, "more than \(maximumValues) values")
                }
                if current.bytes > maximumBytes {
                    return (line, column, "more than \(maximumBytes / 1024 / 1024) MB of text")
                }
            }
        }
    }
}
