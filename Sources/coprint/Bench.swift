import ArgumentParser
import CoprintCore
import CoprintLayout
import Foundation

/// `coprint bench`: prints speed and memory figures (build with -c release to measure).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how fast coprint prints and how much memory it uses.",
        discussion: """
        Prints documents per second, milliseconds per document, peak memory and average PDF size for a blank A4 action plan, a filled A3 plan, and a poster batch on one core and on every core, then the time one 'coprint render' process takes from start to finished PDF. The batch cases run in 10 rounds, and each ratio is the median of its rounds, so a machine whose speed drifts moves both sides alike. Build it with 'swift build -c release' first: a debug build is several times slower.
        """)

    @Option(help: "How many posters in the batch case.")
    var posters: Int = 1000

    @Option(help: "How many times to print each single-document case.")
    var repeats: Int = 200

    @Flag(help: "Also compare peak memory of a 100-poster and a 10,000-poster batch (separate processes).")
    var memory = false

    @Option(help: .hidden)
    var batchOnly: Int?

    @Flag(help: "Instead, load-test 'coprint serve' on loopback: --serve-requests PDF requests, --serve-concurrency at a time.")
    var serve = false

    @Option(help: "How many requests in the --serve load test.")
    var serveRequests = 200

    @Option(help: "How many requests at a time in the --serve load test.")
    var serveConcurrency = 16

    @Option(name: .customLong("reference"), help: ArgumentHelp("The built C reference program (../shared/reference/c_poster.c, built as its README says): also print coprint's ratios to it.", valueName: "program"))
    var reference: String?

    @OptionGroup var setup: SetupOptions

    func run() throws {
        if serve {
            try ServeLoad.run(requests: serveRequests, concurrency: serveConcurrency, folders: setup.folders,
                              fontsFolder: setup.fontsFolder.map { URL(fileURLWithPath: $0) })
            return
        }
        let library = try setup.library()
        let printer = try setup.printer()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("coprint-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let cores = ProcessInfo.processInfo.activeProcessorCount

        if let n = batchOnly {
            // Run as a child process by --memory, so its peak memory is its own.
            let f = try Benchmark.posterBatch(count: n, workers: cores, library: library, fonts: printer.fonts, folder: scratch)
            print(f.peakKB)
            return
        }

        print("coprint benchmark: \(cores) cores, \(ProcessInfo.processInfo.operatingSystemVersionString)")
        print(Benchmark.heading)
        let plan = try PlanFile.load(CoprintFolders.examples().appendingPathComponent("riverside-carers.yaml").path, library: library)
        let actionPlan = try library.layout(named: "action-plan")
        print(try Benchmark.inProcess("blank A4 action-plan", printer: printer, layout: actionPlan, content: .blank(for: actionPlan), paper: .a4, count: repeats).line)
        print(try Benchmark.inProcess("filled A3 plan (riverside-carers)", printer: printer, layout: plan.layout, content: plan.content, paper: .a3, count: repeats).line)
        let topTips = try library.layout(named: "top-tips")
        let tips = try topTips.contentFile.map { try Content.load(from: $0, for: topTips) } ?? .blank(for: topTips)
        print(try Benchmark.inProcess("top-tips poster, A4, in process", printer: printer, layout: topTips, content: tips, paper: .a4, count: repeats).line)
        print(try Benchmark.finishing("qpdf finishing only, A4 poster", printer: printer, layout: topTips, content: tips, paper: .a4, count: repeats).line)
        // The batch cases run in rounds, each round printing a share of the posters in every way
        // (and the C program, when given, printing as many): a ratio is then taken within each
        // round and the median reported, so a machine whose speed drifts from minute to minute
        // moves both sides of every ratio alike.
        let rounds = Bench.rounds, chunk = max(10, posters / rounds)
        var cases = Array(repeating: [Benchmark.Figure](), count: 5)
        var cPerPoster: [Double] = []
        let program = reference.map { URL(fileURLWithPath: $0) }
        if let program { try Bench.checkReference(program) }
        for round in 0..<rounds {
            let folder = scratch.appendingPathComponent("round-\(round)")
            var steps: [() throws -> Void] = [
                { cases[0].append(try Benchmark.posterBatch(count: chunk, workers: 1, library: library, fonts: printer.fonts, folder: folder.appendingPathComponent("j1"))) },
                { cases[1].append(try Benchmark.posterBatch(count: chunk, workers: cores, library: library, fonts: printer.fonts, folder: folder.appendingPathComponent("jall"))) },
                // The same batches printed but not written: how the work itself spreads over
                // cores, apart from the disk (files are flushed to disk in groups before renaming).
                { cases[2].append(try Benchmark.posterBatch(count: chunk, workers: 1, library: library, fonts: printer.fonts, folder: folder, writeFiles: false)) },
                { cases[3].append(try Benchmark.posterBatch(count: chunk, workers: cores, library: library, fonts: printer.fonts, folder: folder, writeFiles: false)) },
                { cases[4].append(try Benchmark.finishing("", printer: printer, layout: topTips, content: tips, paper: .a4, count: chunk)) },
            ]
            if let program { steps.append { cPerPoster.append(try Bench.referencePerPoster(program, count: chunk, folder: folder.appendingPathComponent("c"))) } }
            // Each round starts at a different case, so no case always follows the same one (the
            // disk still writing out the files of the case before, say).
            for i in steps.indices { try steps[(i + round) % steps.count]() }
            try? FileManager.default.removeItem(at: folder)
        }
        let (one, all, dryOne, dryAll) = (Benchmark.total(cases[0]), Benchmark.total(cases[1]), Benchmark.total(cases[2]), Benchmark.total(cases[3]))
        for figure in [one, all, dryOne, dryAll] { print(figure.line) }
        func each(_ a: Int, over b: Int) -> [Double] { zip(cases[a], cases[b]).map { $0.milliseconds / $1.milliseconds } }
        print("ratios, each the median of \(rounds) rounds of \(chunk) posters (in brackets: the middle half of the rounds):")
        print("  speed-up with -j \(cores), writing files: \(Benchmark.Ratio(each(0, over: 1)))")
        print("  speed-up with -j \(cores), rendering only: \(Benchmark.Ratio(each(2, over: 3)))")
        print("  -j 1 writing files, as a share of its no-files rate: \(Benchmark.Ratio(each(2, over: 0))) (target 0.9x at least)")

        // Start-up: one whole process per document, as a script calling coprint would.
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let poster = library.layouts.first { $0.name == "top-tips" }?.contentFile?.path ?? ""
        let planFile = CoprintFolders.examples().appendingPathComponent("riverside-carers.yaml").path
        for (what, input) in [("poster (top-tips content file)", poster), ("2-page plan (riverside-carers)", planFile)] {
            var times: [Double] = []
            for i in 0..<21 {
                let t = Date()
                let status = try Bench.spawn(exe.path, ["render", input, "-o", scratch.appendingPathComponent("start-\(i).pdf").path])
                guard status == 0 else { throw CoprintError("'coprint render \(input)' failed while timing start-up") }
                if i > 0 { times.append(Date().timeIntervalSince(t)) }
            }
            times.sort()
            print(String(format: "one 'coprint render' process, start to finished A4 PDF, %@: median %.1f ms (fastest %.1f ms, %d runs)",
                         what, times[times.count / 2] * 1000, times[0] * 1000, times.count))
        }

        if let program {
            try compare(withReference: program, exe: exe, poster: poster, scratch: scratch)
            let perPoster = zip(cases[2], cPerPoster).map { $0.milliseconds / ($1 * 1000) }
            let withoutFinishing = zip(zip(cases[2], cases[4]), cPerPoster).map { ($0.0.milliseconds - $0.1.milliseconds) / ($1 * 1000) }
            func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
            print(String(format: "in one process, per poster: coprint %.2f ms (no files), C reference %.2f ms (writing files): %@ (target 1.2x at most)",
                         median(cases[2].map(\.milliseconds)), median(cPerPoster) * 1000, Benchmark.Ratio(perPoster).description))
            print(String(format: "  of which the finishing step, which the C program does not do: %.2f ms; without it: %@",
                         median(cases[4].map(\.milliseconds)), Benchmark.Ratio(withoutFinishing).description))
            let cSize = (try? FileManager.default.attributesOfItem(atPath: scratch.appendingPathComponent("reference/poster-0.pdf").path)[.size] as? Int) ?? 0
            let posterKB = Double(dryOne.bytes) / Double(max(dryOne.documents, 1)) / 1024
            if cSize > 0 {
                print(String(format: "PDF size: coprint %.1f KB, C reference %.1f KB: %.2fx (target 1.1x at most)", posterKB, Double(cSize) / 1024, posterKB * 1024 / Double(cSize)))
            }
        }

        if memory {
            var peaks: [Int: Int] = [:]
            for n in [100, 10_000] {
                let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                let p = Process()
                let pipe = Pipe()
                p.executableURL = exe
                p.arguments = ["bench", "--batch-only", String(n)]
                p.standardOutput = pipe
                try p.run()
                let out = pipe.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                peaks[n] = Int(String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            }
            let a = Double(peaks[100] ?? 0) / 1024, b = Double(peaks[10_000] ?? 0) / 1024
            print(String(format: "peak memory: 100 posters %.1f MB, 10,000 posters %.1f MB (%+.0f%%)", a, b, (b / max(a, 0.001) - 1) * 100))
        }
    }

    /// How many rounds the batch cases and their ratios are measured in.
    static let rounds = 10

    /// One whole process against the C program, paired run by run (so a machine that speeds up or
    /// slows down affects both); it also leaves the C program's poster in `scratch/reference`.
    func compare(withReference program: URL, exe: URL, poster: String, scratch: URL) throws {
        let out = scratch.appendingPathComponent("reference")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var ratios: [Double] = [], ours: [Double] = [], theirs: [Double] = []
        for i in 0..<21 {
            var t = Date()
            guard try Bench.spawn(exe.path, ["render", poster, "-o", scratch.appendingPathComponent("pair-\(i).pdf").path]) == 0 else { throw CoprintError("'coprint render' failed while comparing") }
            let a = Date().timeIntervalSince(t)
            t = Date()
            guard try Bench.spawn(program.path, ["1", out.path]) == 0 else { throw CoprintError("\(program.path) failed") }
            let b = Date().timeIntervalSince(t)
            if i > 0 { ratios.append(a / b); ours.append(a); theirs.append(b) }
        }
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        print(String(format: "one process, start to finished poster: coprint %.1f ms, C reference %.1f ms: %@ (target 1.3x at most)",
                     median(ours) * 1000, median(theirs) * 1000, Benchmark.Ratio(ratios).description))
    }

    /// Fails with a plain message unless `program` is a program that can be run.
    static func checkReference(_ program: URL) throws {
        guard FileManager.default.isExecutableFile(atPath: program.path) else {
            throw CoprintError("\(program.path) is not a program: build ../shared/reference/c_poster.c as its README says")
        }
    }

    /// Seconds per poster for the C program writing `count` posters into `folder` in one
    /// process, as it reports them ("docs=N secs=S").
    static func referencePerPoster(_ program: URL, count: Int, folder: URL) throws -> Double {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let p = Process(), pipe = Pipe()
        p.executableURL = program
        p.arguments = [String(count), folder.path]
        p.standardOutput = pipe
        try p.run()
        let said = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard let secs = said.split(separator: " ").first(where: { $0.hasPrefix("secs=") }).flatMap({ Double($0.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) }), secs > 0 else {
            throw CoprintError("\(program.path) did not say how long it took (\(said))")
        }
        return secs / Double(count)
    }

    /// Runs a program with posix_spawn (lighter than Foundation's Process, which would add its own
    /// cost to the start-up being measured), its output discarded, and returns its exit status.
    static func spawn(_ path: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw CoprintError("could not start \(path): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status >> 8) & 0xFF
    }
}
