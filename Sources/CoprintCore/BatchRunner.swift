import CoprintLayout
import CoprintRender
import Foundation

/// How a batch runs.
public struct BatchOptions: Sendable {
    /// How many documents to print at once (one worker thread each).
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Skip jobs whose outputs are all complete files (see ``SafeFile/isComplete(_:)``) newer
    /// than every input.
    public var resume = false
    /// The folder every output must stay inside, once links already in it are followed: a job
    /// whose output would land elsewhere fails. Nil: no check (outputs are still kept inside it
    /// by name, as the manifest's patterns may not use `..` or absolute paths).
    public var outputFolder: URL?
    /// Print only the `index`-th (from 1) of `count` slices of the manifest.
    public var shard: (index: Int, count: Int)?
    /// Resolution of PNG images.
    public var dpi: Double = 150
    /// The creation date written into every PDF.
    public var created: Date = PDFMetadata.creationDate()
    /// Render every document but write nothing: checks a whole manifest, and lets the benchmark
    /// measure rendering apart from the disk.
    public var dryRun = false
    /// Whether each PDF is a fillable form (see ``Printer/fillable``).
    public var fillable = false
    /// How many files are written between flushes to disk (one `syncfs` per group, not one
    /// `fsync` per file).
    public var flushEvery = 64
    /// The edition every document is printed as; its theme, when set, wins over each job's own.
    public var printEdition = PrintEdition()

    /// Default options: every core, no resume, no shard.
    public init() {}
}

/// What happened to one job.
public struct JobResult: Sendable, Encodable {
    /// The job's number in the manifest, from 1.
    public var job: Int
    /// "job 3" or "row 3".
    public var input: String
    /// Files written (or, when skipped, already there).
    public var outputs: [String]
    /// Seconds it took.
    public var seconds: Double
    /// Warnings, such as text that continued on another page.
    public var warnings: [String]
    /// Why it failed, if it did.
    public var error: String?
    /// Whether it was skipped by `--resume`.
    public var skipped: Bool
    /// Bytes written.
    public var bytes = 0
}

/// The end of a batch: counts and every failure.
public struct BatchSummary: Sendable {
    /// Jobs printed.
    public var done = 0
    /// Jobs skipped by `--resume`.
    public var skipped = 0
    /// Jobs that failed, with reasons, in manifest order.
    public var failures: [JobResult] = []
    /// Jobs not started because the run was stopped.
    public var notStarted = 0
    /// Seconds the whole run took.
    public var seconds = 0.0
    /// Documents (output files) written.
    public var files = 0
    /// Bytes written.
    public var bytes = 0
}

/// Runs a batch on several threads at once. Fonts and layouts are shared read-only; each worker
/// has its own printer (its own Cairo and Pango objects). A bad job fails alone.
public enum BatchRunner {
    /// The job numbers (from 0) this run covers: its shard of the manifest, in manifest order.
    public static func selected(count: Int, shard: (index: Int, count: Int)?) -> [Int] {
        guard let shard else { return Array(0..<count) }
        return (0..<count).filter { $0 % shard.count == shard.index - 1 }
    }

    /// Runs the batch. `progress` is called after every job, one call at a time; `shouldStop` is
    /// checked before each job starts (Ctrl-C). Only counts and failures are kept, so memory does
    /// not grow with the number of jobs.
    public static func run(_ manifest: BatchManifest, fonts: FontLibrary, options: BatchOptions,
                           progress: @escaping @Sendable (JobResult, _ finished: Int, _ total: Int) -> Void,
                           shouldStop: @escaping @Sendable () -> Bool = { false }) -> BatchSummary {
        let start = Date()
        let indices = selected(count: manifest.count, shard: options.shard)
        let total = indices.count
        let state = Locked(BatchSummary())
        let next = Locked(0)
        let workers = max(1, min(options.workers, total))
        let cleaned = Locked(Set<String>())
        let flusher = DiskFlusher(every: options.flushEvery)
        defer { flusher.finish() }
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var printer: Printer?
            var setupError: String?
            do { printer = try Printer(fonts: fonts, created: options.created) } catch { setupError = "\(error)" }
            printer?.fillable = options.fillable
            while !shouldStop() {
                let n = next.with { n -> Int in defer { n += 1 }; return n }
                guard n < indices.count else { break }
                let result: JobResult
                switch manifest.job(indices[n]) {
                case .failure(let problem):
                    result = JobResult(job: problem.index + 1, input: problem.label, outputs: [], seconds: 0, warnings: [], error: problem.message, skipped: false)
                case .success(let job):
                    if let printer {
                        // Temporary files left in this job's folders by an earlier, killed run go first.
                        for folder in Set(job.outputs.map { $0.url.deletingLastPathComponent().standardizedFileURL.path }) {
                            let isNew = cleaned.with { $0.insert(folder).inserted }
                            if isNew { SafeFile.removeStaleTemporaryFiles(in: URL(fileURLWithPath: folder)) }
                        }
                        result = runJob(job, printer: printer, options: options, flusher: flusher)
                    } else {
                        result = JobResult(job: job.index + 1, input: job.label, outputs: [], seconds: 0, warnings: [], error: setupError, skipped: false)
                    }
                }
                let finished = state.with { s -> Int in
                    if result.error != nil { s.failures.append(result) } else if result.skipped { s.skipped += 1 } else {
                        s.done += 1
                        s.files += result.outputs.count
                        s.bytes += result.bytes
                    }
                    return s.done + s.skipped + s.failures.count
                }
                progress(result, finished, total)
            }
        }
        return state.with { s in
            var summary = s
            summary.failures.sort { $0.job < $1.job }
            summary.notStarted = total - (s.done + s.skipped + s.failures.count)
            summary.seconds = Date().timeIntervalSince(start)
            return summary
        }
    }

    /// Prints one job: everything rendered first, then each file written safely.
    static func runJob(_ job: BatchJob, printer: Printer, options: BatchOptions, flusher: DiskFlusher? = nil) -> JobResult {
        let start = Date()
        var result = JobResult(job: job.index + 1, input: job.label, outputs: [], seconds: 0, warnings: [], error: nil, skipped: false)
        if options.resume && upToDate(job) {
            result.skipped = true
            result.outputs = job.outputs.map { displayPath($0.url) }
            return result
        }
        printer.fillable = options.fillable || job.fillable
        printer.printEdition = options.printEdition
        printer.printEdition.theme = options.printEdition.theme ?? job.theme
        do {
            var files: [(URL, Data)] = []
            for out in job.outputs {
                let rendered = try printer.render(job.layout, content: job.content, papers: [out.paper], format: out.format, dpi: options.dpi)
                result.warnings += rendered.warnings
                for doc in rendered.documents {
                    var url = out.url
                    if let page = doc.page {
                        url = URL(fileURLWithPath: url.deletingPathExtension().path + "-page\(page).\(out.format.rawValue)")
                    }
                    files.append((url, doc.data))
                }
            }
            if let (url, input) = files.lazy.compactMap({ f in job.inputs.first { SafeFile.sameFile(f.0, $0) }.map { (f.0, $0) } }).first {
                throw CoprintError("\(displayPath(url)) is also an input of this job (\(displayPath(input))); writing it would replace it. Choose another output name or folder")
            }
            if !options.dryRun {
                var written: [URL] = []
                for (url, data) in files {
                    do {
                        try SafeFile.write(data, to: url, inside: options.outputFolder, durable: flusher == nil)
                        flusher?.wrote(url)
                    } catch let error as CoprintError where !written.isEmpty {
                        // Say which of this job's files were finished before the failure (a disk that filled).
                        result.outputs = written.map { displayPath($0) }
                        throw CoprintError(error.problems + [Problem("\(written.map { displayPath($0) }.joined(separator: ", ")) was written before this and is complete")])
                    }
                    written.append(url)
                }
            }
            result.outputs = files.map { displayPath($0.0) }
            result.bytes = files.reduce(0) { $0 + $1.1.count }
        } catch let error as CoprintError {
            result.error = error.problems.map(\.description).joined(separator: "; ")
        } catch {
            result.error = "\(error)"
        }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    /// Whether every output of `job` is a complete file newer than all its inputs. An empty or
    /// cut-short file (a full disk, a killed run) is printed again.
    static func upToDate(_ job: BatchJob) -> Bool {
        func modified(_ url: URL) -> Date? {
            FileInfo(url.path)?.modified
        }
        let newestInput = job.inputs.compactMap(modified).max() ?? .distantFuture
        return job.outputs.allSatisfy { out in
            guard let m = modified(out.url) else { return false }
            return m > newestInput && SafeFile.isComplete(out.url)
        }
    }

}

/// A value shared between threads, reached only under its lock.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    /// Holds `value`.
    public init(_ value: Value) { self.value = value }
    /// Runs `body` with the value, under the lock.
    public func with<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
