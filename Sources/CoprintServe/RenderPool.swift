import CoprintCore
import CoprintRender
import Foundation

/// Renders on a fixed set of threads, each with its own printer (its own Cairo and Pango objects),
/// as the batch runner does. Work waits in a bounded queue; when that is full, ``submit`` refuses
/// at once instead of letting requests pile up.
public final class RenderPool: @unchecked Sendable {
    /// Why a render did not happen.
    public enum Refusal: Error, Sendable {
        /// Every worker is busy and the queue is full.
        case busy
        /// The document took longer than the time limit.
        case tooSlow
    }

    private let condition = NSCondition()
    private var queue: [(Printer) -> Void] = []
    private var stopping = false
    private let queueLimit: Int
    /// How many worker threads there are.
    public let workers: Int

    /// Starts `workers` threads, each with a printer over `fonts`.
    public init(workers: Int, queueLimit: Int, fonts: FontLibrary) throws {
        self.workers = max(1, workers)
        self.queueLimit = max(0, queueLimit)
        // Make every printer first, so a font problem stops the server at start, not later.
        let printers = try (0..<self.workers).map { _ in try Printer(fonts: fonts) }
        for (i, printer) in printers.enumerated() {
            let box = PrinterBox(printer)
            let thread = Thread { [weak self] in self?.work(box.printer) }
            thread.name = "coprint-render-\(i + 1)"
            thread.start()
        }
    }

    deinit { stop() }

    /// Stops the workers once the queue is empty.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func work(_ printer: Printer) {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping { condition.unlock(); return }
            let job = queue.removeFirst()
            condition.unlock()
            job(printer)
        }
    }

    /// How many jobs are waiting for a worker.
    public var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }

    /// Runs `body` on a worker and returns what it gives. Throws ``Refusal/busy`` at once when the
    /// queue is full, and ``Refusal/tooSlow`` when it takes longer than `timeLimit` seconds (the
    /// worker finishes the job, but nobody waits for it).
    public func submit<T: Sendable>(timeLimit: Double, _ body: @escaping @Sendable (Printer) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let once = Once(continuation)
            condition.lock()
            guard queue.count < queueLimit || (queue.isEmpty && queueLimit == 0) else {
                condition.unlock()
                once.resume(.failure(Refusal.busy))
                return
            }
            queue.append { printer in once.resume(Result { try body(printer) }) }
            condition.signal()
            condition.unlock()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit) { once.resume(.failure(Refusal.tooSlow)) }
        }
    }
}

/// A printer handed to the one thread that uses it.
private final class PrinterBox: @unchecked Sendable {
    let printer: Printer
    init(_ printer: Printer) { self.printer = printer }
}

/// Resumes a continuation the first time only.
private final class Once<T: Sendable>: @unchecked Sendable {
    private var continuation: CheckedContinuation<T, Error>?
    private let lock = NSLock()
    init(_ c: CheckedContinuation<T, Error>) { continuation = c }
    func resume(_ result: Result<T, Error>) {
        lock.lock()
        let c = continuation
        continuation = nil
        lock.unlock()
        c?.resume(with: result)
    }
}
