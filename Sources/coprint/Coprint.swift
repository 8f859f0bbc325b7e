// The coprint command: turns command-line arguments into calls to CoprintCore and its results
// into files, messages and an exit code.
import ArgumentParser
import CMalloc
import CoprintCore
import CoprintLayout
import Foundation

@main
struct Coprint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coprint",
        abstract: "Print co-production canvases and posters as PDFs, on A4 or A3.",
        discussion: """
        Examples:
          coprint list                          show every canvas and poster
          coprint blank action-plan             a blank action plan canvas, A4
          coprint blank top-tips --paper all    the top tips poster on A4 and A3
          coprint init action-plan -o plan.yaml a plan file to fill in
          coprint validate plan.yaml            check it
          coprint render plan.yaml              the filled canvas, output/plan-a4.pdf

        Exit codes: 0 when everything was printed, 1 when a layout, plan or content file has a problem or a file could not be written, 2 when the command itself was typed wrongly, 130 after Ctrl-C, 143 after SIGTERM and 129 after SIGHUP.
        """,
        version: Coprint.version,
        subcommands: [ListLayouts.self, Blank.self, Render.self, Init.self, Validate.self, BatchCommand.self, Pack.self, Import.self, Serve.self, Bench.self]
    )

    /// Lets the C library keep memory that was freed for the next document instead of handing it
    /// back to the system at once: each page and each compressed stream (Cairo's, zlib's, qpdf's)
    /// allocates and frees buffers of a few hundred KB, and giving them back after every one made
    /// the system clear fresh pages for the next (a batch: 12% of its samples in the kernel before,
    /// 7.6% after, and 0.90x the time). Peak memory is unchanged (`coprint bench --memory`); at
    /// most 64 MB of freed memory stays held.
    static func keepFreedMemory() {
        _ = mallopt(M_TRIM_THRESHOLD, 64 << 20)
        _ = mallopt(M_TOP_PAD, 16 << 20)
    }

    /// The version `coprint --version` prints.
    static let version = "0.9.0"

    static func main() {
        keepFreedMemory()
        Output.prepare()
        checkCommandName(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot()
            // A batch handles Ctrl-C, SIGTERM and SIGHUP itself (it finishes the documents in hand), and
            // the server shuts down gracefully through its own service lifecycle.
            if !(command is BatchCommand || command is Serve) { Interruptions.shared.install() }
            try command.run()
            // A message that could not be written to standard error still fails the run.
            if Output.messageFailed { Foundation.exit(1) }
        } catch let error as CoprintError {
            report(error)
            Foundation.exit(error.exitCode)
        } catch let error as CleanExit {
            // Help and --version: written through Output, so a full or closed stream is reported.
            let text = fullMessage(for: error)
            if !text.isEmpty { Output.data(Data((text + "\n").utf8)) }
            Foundation.exit(0)
        } catch let error as ExitCode {
            Coprint.exit(withError: error)
        } catch {
            // Mistakes in the command line itself: say what is wrong, exit 2.
            let code = exitCode(for: error)
            if code == .success {
                // Help and --version: written through Output, so a full or closed stream is reported.
                Output.data(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(0)
            }
            Output.message(fullMessage(for: error) + "\n")
            Foundation.exit(2)
        }
    }

    /// A misspelt command ('coprint blnk', 'coprint help nosuch') gets a suggestion and exit 2,
    /// rather than the parser's "unexpected argument".
    static func checkCommandName(_ arguments: [String]) {
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        var word = arguments.first
        if word == "help" { word = arguments.dropFirst().first }
        guard let word, !word.hasPrefix("-"), !names.contains(word), word != "help" else { return }
        var message = "coprint: '\(TextSafety.forTerminal(word))' is not a coprint command."
        if let guess = closestMatch(to: word, in: names) { message += " Did you mean '\(guess)'?" }
        message += " The commands are: \(names.joined(separator: ", ")). 'coprint --help' says what each does.\n"
        Output.message(message)
        Foundation.exit(2)
    }

    static func report(_ error: CoprintError) {
        var text = ""
        // At most 50, so a hostile file cannot flood the terminal; the count says how many more.
        for problem in error.problems.prefix(50) { text += "coprint: \(problem)\n" }
        if error.problems.count > 50 { text += "coprint: ... and \(error.problems.count - 50) more problems\n" }
        Output.message(text)
    }
}

/// Options every printing command shares.
struct SetupOptions: ParsableArguments {
    @Option(name: .customLong("layouts"), help: ArgumentHelp("A folder of your own layout files, added to the built-in ones (a layout folder in the current folder is added too).", valueName: "folder"))
    var layoutsFolder: String?

    @Option(name: .customLong("fonts"), help: .hidden)
    var fontsFolder: String?

    /// The layout folders: the user's own first (--layouts, then ./layouts), then the built-in one.
    var folders: [URL] {
        LayoutLibrary.folders(extra: layoutsFolder.map { [URL(fileURLWithPath: $0)] } ?? [])
    }

    /// The layouts, saying when one of the user's replaces a built-in one of the same name.
    func library(only: Set<String>? = nil) throws -> LayoutLibrary {
        let library = try LayoutLibrary(folders: folders, only: only)
        for (name, file) in library.replaced.sorted(by: { $0.key < $1.key }) where only?.contains(name) ?? false {
            Output.message("coprint: note: using your own layout '\(name)' from \(displayPath(file)) instead of the built-in one\n")
        }
        return library
    }

    func printer() throws -> Printer {
        // A malformed SOURCE_DATE_EPOCH is an error, as the reproducible-builds specification asks.
        try CreationDate.check()
        return try Printer.withBundledFonts(in: fontsFolder.map { URL(fileURLWithPath: $0) })
    }
}

extension PaperChoice: ExpressibleByArgument {
    /// Paper names in any case: A4, a4, A3, All.
    public init?(argument: String) { self.init(rawValue: argument.trimmingCharacters(in: .whitespaces).lowercased()) }
}
extension OutputFormat: ExpressibleByArgument {
    /// Formats in any case: PDF, pdf, PNG.
    public init?(argument: String) { self.init(rawValue: argument.trimmingCharacters(in: .whitespaces).lowercased()) }
}
