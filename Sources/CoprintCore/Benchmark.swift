import CoprintLayout
import CoprintRender
import Foundation

/// Measures how fast coprint prints and how much memory it uses, and prints the figures. A
/// benchmark reports; it never fails because a machine is slow.
public enum Benchmark {
    /// One measured case.
    public struct Figure: Sendable {
        /// What was printed.
        public var name: String
        /// Documents printed.
        public var documents: Int
        /// Wall-clock seconds.
        public var seconds: Double
        /// Bytes written or produced.
        public var bytes: Int
        /// Peak resident memory of the process so far, in KB.
        public var peakKB: Int
        /// CPU seconds the measuring thread spent, for cases printed on one thread: unlike the
        /// wall clock, it does not grow when other programs share the machine.
        public var cpuSeconds: Double? = nil

        /// A measured case: `documents` printed in `seconds`, `bytes` in all.
        public init(name: String, documents: Int, seconds: Double, bytes: Int, peakKB: Int, cpuSeconds: Double? = nil) {
            self.name = name
            self.documents = documents
            self.seconds = seconds
            self.bytes = bytes
            self.peakKB = peakKB
            self.cpuSeconds = cpuSeconds
        }

        /// Documents per second.
        public var perSecond: Double { Double(documents) / seconds }
        /// Milliseconds per document.
        public var milliseconds: Double { seconds * 1000 / Double(documents) }

        /// One line of the results table.
        public var line: String {
            name.padding(toLength: 36, withPad: " ", startingAt: 0)
                + String(format: "%7d %10.1f %10.2f %10.1f %9.1f", documents, perSecond, milliseconds,
                         Double(peakKB) / 1024, Double(bytes) / Double(max(documents, 1)) / 1024)
                + (cpuSeconds.map { String(format: " %9.2f", $0 * 1000 / Double(max(documents, 1))) } ?? "")
        }
    }

    /// The table heading.
    public static let heading = "case".padding(toLength: 36, withPad: " ", startingAt: 0)
        + ["docs", "docs/s", "ms/doc", "peak MB", "avg KB", "cpu ms"].enumerated()
            .map { String(repeating: " ", count: ($0.offset == 0 ? 7 : $0.offset >= 4 ? 10 : 11) - $0.element.count) + $0.element }.joined()

    /// CPU seconds this thread has used so far.
    public static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Peak resident memory of this process, in KB: VmHWM from /proc/self/status. (getrusage's
    /// ru_maxrss is not used: it survives exec, so a child started from a big process reports the
    /// parent's size.)
    public static func peakResidentKB() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
            return kb
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }

    /// Renders `layout` with `content` `count` times in this process, after one warm-up.
    public static func inProcess(_ name: String, printer: Printer, layout: Layout, content: Content, paper: Paper, count: Int) throws -> Figure {
        _ = try printer.pdf(layout, content: content, paper: paper)
        var bytes = 0
        let start = Date(), cpu = threadCPUSeconds()
        for _ in 0..<count { bytes += try printer.pdf(layout, content: content, paper: paper).count }
        return Figure(name: name, documents: count, seconds: Date().timeIntervalSince(start), bytes: bytes, peakKB: peakResidentKB(),
                      cpuSeconds: threadCPUSeconds() - cpu)
    }

    /// The finishing step alone (language, XMP, tab order, ID through libqpdf) on Cairo's PDF of
    /// `layout`, `count` times after one warm-up.
    public static func finishing(_ name: String, printer: Printer, layout: Layout, content: Content, paper: Paper, count: Int) throws -> Figure {
        let (raw, metadata) = try printer.unfinishedPDF(layout, content: content, paper: paper)
        _ = try printer.finished(raw, metadata)
        var bytes = 0
        let start = Date(), cpu = threadCPUSeconds()
        for _ in 0..<count { bytes += try printer.finished(raw, metadata).count }
        return Figure(name: name, documents: count, seconds: Date().timeIntervalSince(start), bytes: bytes, peakKB: peakResidentKB(),
                      cpuSeconds: threadCPUSeconds() - cpu)
    }

    /// A ratio taken round by round, each round timing both sides one after the other: its
    /// median, and the middle half of the rounds, which shows how much the machine drifted.
    public struct Ratio: CustomStringConvertible, Sendable {
        /// Every round's ratio, smallest first.
        public let sorted: [Double]
        /// The ratios of a measurement's rounds, in any order.
        public init(_ values: [Double]) { sorted = values.filter(\.isFinite).sorted() }
        /// The median ratio (the upper of the two middle ones for an even count); NaN if none.
        public var median: Double { sorted.isEmpty ? .nan : sorted[sorted.count / 2] }
        /// "1.88x", with the middle half of the rounds in brackets once there are four or more.
        public var description: String {
            guard sorted.count >= 4 else { return String(format: "%.2fx", median) }
            return String(format: "%.2fx (%.2f-%.2fx)", median, sorted[sorted.count / 4], sorted[(sorted.count * 3) / 4])
        }
    }

    /// Rounds of one case added up into one row of the table: documents, time and bytes summed,
    /// the largest peak, and the name counting every round's documents.
    public static func total(_ rounds: [Figure]) -> Figure {
        let documents = rounds.reduce(0) { $0 + $1.documents }
        var name = rounds.first?.name ?? ""
        if let range = name.range(of: "-poster") { name = "\(documents)" + name[range.lowerBound...] }
        return Figure(name: name, documents: documents, seconds: rounds.reduce(0) { $0 + $1.seconds },
                      bytes: rounds.reduce(0) { $0 + $1.bytes }, peakKB: rounds.map(\.peakKB).max() ?? 0)
    }

    /// A batch of `count` top-tips posters, each with its own organisation name, written to
    /// `folder` with `workers` threads, the way `coprint batch` runs.
    public static func posterBatch(count: Int, workers: Int, library: LayoutLibrary, fonts: FontLibrary, folder: URL, writeFiles: Bool = true) throws -> Figure {
        let layout = try library.layout(named: "top-tips")
        let base = try layout.contentFile.map { try Content.load(from: $0, for: layout) } ?? .blank(for: layout)
        // Jobs are made as they are printed, as `coprint batch` does, so memory stays flat.
        let manifest = BatchManifest(count: count) { i in
            .success(BatchJob(index: i, label: "poster \(i + 1)", layout: layout,
                              content: base.overlaid(with: Content(layoutName: layout.name, fields: ["organisation": .paragraphs(["Member organisation number \(i + 1)"])])),
                              outputs: [BatchOutput(paper: .a4, format: .pdf, url: folder.appendingPathComponent("poster-\(i + 1).pdf"))]))
        }
        var options = BatchOptions()
        options.workers = workers
        options.created = Date(timeIntervalSince1970: 0)
        options.dryRun = !writeFiles
        let summary = BatchRunner.run(manifest, fonts: fonts, options: options, progress: { _, _, _ in })
        if let failure = summary.failures.first { throw CoprintError("the benchmark batch failed: \(failure.error ?? "")") }
        return Figure(name: "\(count)-poster batch, -j \(workers)\(writeFiles ? "" : ", no files")", documents: summary.done, seconds: summary.seconds,
                      bytes: summary.bytes, peakKB: peakResidentKB())
    }
}
