import ArgumentParser
import CoprintCore
import CoprintLayout
import Dispatch
import Foundation

/// `coprint batch`: many personalised documents from a manifest or a CSV file, on every core.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Print many documents at once from a manifest (YAML or JSON) or a CSV file.",
        discussion: """
        A bad job is reported and the others still print; the exit code is 1 if any job failed.

        Ctrl-C, SIGTERM and SIGHUP stop the batch after the documents being printed: finished files stay, no half-written file is left, the summary is printed, and the exit code is 130, 143 or 129. A second one quits at once, still removing half-written files. Run again with --resume to print the rest: it skips only documents whose files are complete and newer than their inputs, and clears away temporary files left by a run that was killed.

        Examples:
          coprint batch posters.yaml
          coprint batch members.csv --layout top-tips          one poster per row
          coprint batch members.csv --template poster-template.yaml -o posters
          coprint batch posters.yaml --shard 2/4   the 2nd of 4 slices, for another machine
          coprint batch members.csv --layout top-tips --language cy+en   every poster in Welsh and English

        A manifest may say 'language: cy' for every job or for one job; a CSV file may have a 'language' column. Output names may use {language}.
        """)

    @Argument(help: ArgumentHelp("The manifest (.yaml, .json) or a .csv file of rows.", valueName: "manifest"))
    var manifest: String

    @Option(help: ArgumentHelp("For a CSV file: the layout its rows fill, such as top-tips (the simplest case, no template file needed).", valueName: "name"))
    var layout: String?

    @Option(help: ArgumentHelp("For a CSV file: a template job saying which layout or content the rows fill, with papers, formats and output name.", valueName: "file"))
    var template: String?

    @Option(help: ArgumentHelp("Also write every document of the batch into this one PDF, in order, for a print shop.", valueName: "file.pdf"))
    var combine: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write into.", valueName: "folder"))
    var output: String = "output"

    @Option(name: .shortAndLong, help: ArgumentHelp("How many documents to print at once (default: one per core).", valueName: "n"))
    var jobs: Int?

    @Flag(help: "Skip jobs whose files are complete and newer than their inputs.")
    var resume = false

    @Option(help: ArgumentHelp("Print only slice I of N (for example 2/4), to spread a run over machines.", valueName: "I/N"))
    var shard: String?

    @Flag(name: .shortAndLong, help: "Print only failures and the summary.")
    var quiet = false

    @Flag(help: "Print one JSON line per job on standard output, for scripts.")
    var json = false

    @Option(help: "Resolution of PNG images, in dots per inch.")
    var dpi: Double = 150

    @Flag(help: "Make each PDF a form people can type into in any PDF reader; read it back with 'coprint import'.")
    var fillable = false

    @Flag(help: "Print every document but write nothing: checks the whole manifest.")
    var dryRun = false

    @OptionGroup var languages: LanguageOptions
    @OptionGroup var printing: EditionOptions

    @OptionGroup var setup: SetupOptions

    func validate() throws {
        guard (10...600).contains(dpi) else { throw ValidationError("--dpi must be between 10 and 600") }
        guard (1...256).contains(jobs ?? 1) else { throw ValidationError("-j must be between 1 and 256") }
        if shard != nil, parsedShard == nil { throw ValidationError("--shard takes I/N with 1 <= I <= N, such as 2/4") }
        if quiet && json { throw ValidationError("use --quiet or --json, not both") }
        if let combine, !combine.lowercased().hasSuffix(".pdf") { throw ValidationError("--combine names one PDF file, such as all-posters.pdf") }
    }

    var parsedShard: (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, i >= 1, i <= n else { return nil }
        return (i, n)
    }

    func run() throws {
        try CreationDate.check()
        let library = try setup.library()
        let url = URL(fileURLWithPath: manifest)
        guard FileManager.default.fileExists(atPath: url.path) else { throw CoprintError("there is no file called \(manifest)") }
        let loaded = try BatchManifest.load(url, template: template.map { URL(fileURLWithPath: $0) }, layout: layout,
                                            outputFolder: URL(fileURLWithPath: output), library: library, language: try languages.edition())
        if !json { for note in loaded.notes { Output.message("coprint: \(TextSafety.forTerminal(note))\n") } }
        let fonts = try setup.printer().fonts
        var options = BatchOptions()
        options.workers = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        options.outputFolder = URL(fileURLWithPath: output)
        options.resume = resume
        options.shard = parsedShard
        options.dpi = dpi
        options.dryRun = dryRun
        options.fillable = fillable
        options.printEdition = try printing.printEdition(folders: setup.folders)

        let stop = StopFlag()
        Interruptions.shared.install { sig in
            stop.set()
            Output.raw("\ncoprint: \(Interruptions.name(sig)): stopping after the documents in hand (do it again to quit at once)\n")
        }
        let display = ProgressDisplay(stop: stop, mode: json ? .json : quiet ? .quiet : ProgressDisplay.terminalAttached() ? .bar : .lines)
        display.dryRun = dryRun
        let summary = BatchRunner.run(loaded, fonts: fonts, options: options,
                                      progress: { display.show($0, finished: $1, total: $2) },
                                      shouldStop: { stop.isSet })
        display.finish(summary)
        if let code = Interruptions.shared.exitCode { throw ExitCode(code) }
        if display.outputFailed || Output.messageFailed { throw ExitCode(1) }
        if let combine, !dryRun {
            // The combined PDF is for a print shop: the same edition (bleed, marks, theme) as each file.
            let printer = try setup.printer()
            printer.printEdition = options.printEdition
            try writeCombined(loaded, to: combine, printer: printer, selected: BatchRunner.selected(count: loaded.count, shard: parsedShard))
        }
        if !summary.failures.isEmpty { throw ExitCode(1) }
    }
}

extension BatchCommand {
    /// One PDF of every document the batch printed, in job order, for a print shop. Jobs that
    /// failed are left out (they were reported above).
    func writeCombined(_ loaded: BatchManifest, to file: String, printer: Printer, selected: [Int]) throws {
        var parts: [PackPart] = []
        for i in selected {
            guard case .success(let job) = loaded.job(i) else { continue }
            for out in job.outputs where out.format == .pdf {
                var part = PackPart(layout: job.layout, content: job.content, paper: out.paper)
                part.theme = job.theme
                parts.append(part)
            }
        }
        guard !parts.isEmpty else { throw CoprintError("--combine: no PDF was printed, so there is nothing to combine") }
        let data = try printer.combinedPDF(parts, title: "Batch: \(parts.count) documents", subject: "Every document of \(displayPath(URL(fileURLWithPath: manifest)))")
        let url = URL(fileURLWithPath: file)
        try SafeFile.write(data, to: url)
        if !json { Output.message("coprint: also wrote \(displayPath(url)): all \(parts.count) documents in one PDF, \(printer.pageCount) pages\n") }
    }
}

/// Set when the user presses Ctrl-C (or the batch is sent SIGTERM or SIGHUP): the batch
/// finishes the documents in hand and stops.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }

    func set() { lock.lock(); value = true; lock.unlock() }
}

/// Shows a batch's progress to a person (a bar on a terminal, plain lines otherwise) or to a
/// script (JSON lines).
final class ProgressDisplay: @unchecked Sendable {
    enum Mode { case bar, lines, quiet, json }
    let mode: Mode
    let start = Date()
    /// When the bar was last drawn: it is redrawn at most ten times a second.
    private var lastDrawn = Date.distantPast
    private let lock = NSLock()

    /// Asked to stop the batch when standard output cannot be written.
    let stop: StopFlag?
    /// Whether a line could not be written to standard output.
    private(set) var outputFailed = false

    /// Whether nothing is written (--dry-run): then no line says "wrote".
    var dryRun = false

    init(stop: StopFlag? = nil, mode: Mode) { self.stop = stop; self.mode = mode }

    /// Writes to standard output; on the first failure says so and stops the batch after the
    /// documents in hand (no document is left half-written), and the run ends with exit 1.
    private func out(_ data: Data) {
        guard !outputFailed else { return }
        if let problem = Output.attempt(data) {
            outputFailed = true
            stop?.set()
            Output.message("coprint: could not write to standard output: \(problem); stopping after the documents in hand\n")
        }
    }

    /// A terminal a person is watching: standard error is a TTY and this is not CI.
    static func terminalAttached() -> Bool {
        isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    func show(_ r: JobResult, finished: Int, total: Int) {
        lock.lock(); defer { lock.unlock() }
        switch mode {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(r) { out(data + Data("\n".utf8)) }
        case .quiet:
            // Failures are listed once, in the summary at the end.
            break
        case .lines:
            if let e = r.error {
                err("coprint: [\(finished)/\(total)] \(safe(r.input)) failed: \(safe(e))\n")
            } else {
                let verb = r.skipped ? "up to date" : dryRun ? "checked (not written)" : "wrote"
                out(Data(("[\(finished)/\(total)] \(verb) \(safe(r.outputs.joined(separator: ", ")))\n").utf8))
                for w in r.warnings { err("coprint: warning: \(safe(r.input)): \(safe(w))\n") }
            }
        case .bar:
            if let e = r.error { err("\r\u{1B}[2Kcoprint: \(safe(r.input)) failed: \(safe(e))\n") }
            guard r.error != nil || finished == total || Date().timeIntervalSince(lastDrawn) >= 0.1 else { return }
            lastDrawn = Date()
            let elapsed = Date().timeIntervalSince(start)
            let rate = Double(finished) / max(elapsed, 0.001)
            let left = Double(total - finished) / max(rate, 0.001)
            let width = 30
            let filled = total == 0 ? width : width * finished / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            err("\r\u{1B}[2K\(bar) \(finished)/\(total)  \(String(format: "%.0f", rate))/s  about \(Self.duration(left)) left")
        }
    }

    func finish(_ s: BatchSummary) {
        lock.lock(); defer { lock.unlock() }
        if mode == .bar { err("\r\u{1B}[2K") }
        var text = dryRun
            ? "coprint: \(s.done) checked and nothing written (dry run: \(s.files) \(s.files == 1 ? "file" : "files"), \(s.bytes / 1024) KB in memory), \(s.skipped) skipped, \(s.failures.count) failed"
            : "coprint: \(s.done) printed (\(s.files) \(s.files == 1 ? "file" : "files"), \(s.bytes / 1024) KB), \(s.skipped) skipped, \(s.failures.count) failed"
        if s.notStarted > 0 { text += ", \(s.notStarted) not started (stopped)" }
        text += String(format: " in %.1f s\n", s.seconds)
        for f in s.failures { text += "  \(safe(f.input)): \(safe(f.error ?? ""))\n" }
        err(text)
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? "\(Int(seconds.rounded(.up))) s" : "\(Int(seconds / 60)) min \(Int(seconds.truncatingRemainder(dividingBy: 60))) s"
    }

    /// Writes to standard error as given: its own cursor codes stay, and every piece that comes
    /// from a file goes through ``safe(_:)`` first.
    private func err(_ s: String) { Output.raw(s) }

    /// Text from a manifest or a file name, with control characters and direction overrides
    /// made visible, so it cannot move the cursor or hide part of the line.
    private func safe(_ s: String) -> String { TextSafety.forTerminal(s) }
}
