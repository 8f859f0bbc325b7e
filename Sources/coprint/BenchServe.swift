import CoprintCore
import CoprintLayout
import CoprintServe
import Foundation
import Hummingbird
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
        let outcome = SharedValue<Outcome?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            outcome.set(await Self.load(url: URL(string: base + "api/render?format=pdf&paper=a4")!, body: plan,
                                        requests: requests, concurrency: concurrency))
            done.signal()
        }
        done.wait()
        guard let o = outcome.get() else { return }
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

    static func load(url: URL, body: Data, requests: Int, concurrency: Int) async -> Outcome {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = concurrency
        configuration.timeoutIntervalForRequest = 120
        let session = URLSession(configuration: configuration)
        let start = Date()
        var outcome = Outcome()
        await withTaskGroup(of: (Int, Double).self) { group in
            var next = 0
            func add() {
                guard next < requests else { return }
                next += 1
                group.addTask {
                    var request = URLRequest(url: url)
                    request.httpMethod = "POST"
                    request.httpBody = body
                    let t = Date()
                    do {
                        let (data, response) = try await session.data(for: request)
                        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                        return (status == 200 && data.starts(with: Data("%PDF".utf8)) ? 200 : status, Date().timeIntervalSince(t))
                    } catch {
                        return (0, Date().timeIntervalSince(t))
                    }
                }
            }
            for _ in 0..<concurrency { add() }
            for await (status, seconds) in group {
                switch status {
                case 200: outcome.ok += 1; outcome.latencies.append(seconds)
                case 503: outcome.busy += 1
                default: outcome.lost += 1
                }
                add()
            }
        }
        outcome.seconds = Date().timeIntervalSince(start)
        return outcome
    }
}

/// A value shared between threads, reached only under its lock.
final class SharedValue<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: Value) { lock.lock(); value = v; lock.unlock() }
}
