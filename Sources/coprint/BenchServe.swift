import CoprintCore
import CoprintLayout
import CoprintServe
import Foundation
import Hummingbird

/// The `coprint bench --serve` load test: a `coprint serve` on a loopback port, asked for many
/// PDFs at once over real HTTP, with throughput, latency and lost requests reported.
enum ServeLoad {
    /// Runs `requests` renders of the sample plan, `concurrency` at a time, and prints the figures.
    static func run(requests: Int, concurrency: Int, folders: [URL], fontsFolder: URL?) throws {
        var settings = ServeSettings()
        settings.port = 0
        settings.layoutFolders = folders
        settings.fontsFolder = fontsFolder
        // A queue deep enough for every request in flight: a load that fits is never refused.
        settings.queueLimit = max(settings.queueLimit, concurrency)
        let plan = try Data(contentsOf: CoprintFolders.examples().appendingPathComponent("riverside-carers.yaml"))
        let address = SharedValue<String?>(nil)
        let listening = DispatchSemaphore(value: 0)
        let app = try CoprintServer.application(settings) { url in
            address.set(url)
            listening.signal()
        }
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        guard listening.wait(timeout: .now() + 30) == .success, let base = address.get() else {
            throw CoprintError("the server for the load test did not start")
        }
        guard let port = URLComponents(string: base)?.port.flatMap(UInt16.init(exactly:)) else {
            throw CoprintError("the server for the load test gave no port (\(base))")
        }
        let o = Self.load(port: port, path: "/api/render?format=pdf&paper=a4", body: plan, requests: requests, concurrency: concurrency)
        let sorted = o.latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000 }
        print(String(format: "serve load test: %d PDF requests, %d at a time, on loopback: %.1f requests/s, p50 %.0f ms, p95 %.0f ms, %d ok, %d busy (503), %d lost",
                     requests, concurrency, Double(o.ok) / o.seconds, percentile(0.5), percentile(0.95), o.ok, o.busy, o.lost))
    }

    struct Outcome: Sendable {
        var ok = 0, busy = 0, lost = 0
        var latencies: [Double] = []
        var seconds = 0.0
    }

    /// Sends `requests` POSTs to `path` on the loopback `port`, `concurrency` at a time, each on a
    /// thread of its own with a plain blocking socket. (Foundation's URLSession would link libcurl
    /// and a dozen more libraries into every coprint process, slowing every start.)
    static func load(port: UInt16, path: String, body: Data, requests: Int, concurrency: Int) -> Outcome {
        let next = SharedValue(0)
        let outcome = SharedValue(Outcome())
        let group = DispatchGroup()
        let start = Date()
        for _ in 0..<max(1, concurrency) {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while true {
                    let n = next.update { $0 += 1; return $0 }
                    guard n <= requests else { return }
                    let t = Date()
                    let status = post(port: port, path: path, body: body)
                    let seconds = Date().timeIntervalSince(t)
                    _ = outcome.update { o -> Int in
                        switch status {
                        case 200: o.ok += 1; o.latencies.append(seconds)
                        case 503: o.busy += 1
                        default: o.lost += 1
                        }
                        return 0
                    }
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        var result = outcome.get()
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    /// One HTTP/1.1 POST to 127.0.0.1:`port`: 200 only when a PDF came back, else the status (0
    /// when the connection failed).
    static func post(port: UInt16, path: String, body: Data) -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return 0 }
        var request = Data("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
        request.append(body)
        let sent = request.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        guard sent else { return 0 }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        // "HTTP/1.1 200 OK": the status is the second word of the first line.
        guard let lineEnd = response.firstIndex(of: 0x0D),
              let status = String(decoding: response[..<lineEnd], as: UTF8.self).split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
        guard status == 200 else { return status }
        // Whatever the framing (a length or chunks), a PDF's body holds "%PDF-" near its start.
        guard let headerEnd = response.range(of: Data("\r\n\r\n".utf8)) else { return 0 }
        return response[headerEnd.upperBound...].prefix(32).range(of: Data("%PDF-".utf8)) != nil ? 200 : 0
    }
}

/// A value shared between threads, reached only under its lock.
final class SharedValue<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: Value) { lock.lock(); value = v; lock.unlock() }
    /// Changes the value under the lock and returns what `change` returns.
    func update<R>(_ change: (inout Value) -> R) -> R { lock.lock(); defer { lock.unlock() }; return change(&value) }
}
