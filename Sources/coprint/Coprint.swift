// The coprint command: turns command-line arguments into calls to CoprintCore and its results
// into files, messages and an exit code.
import ArgumentParser
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

        Exit codes: 0 when everything was printed, 1 when a layout, plan or content file has a
        problem or a file could not be written, 2 when the command itself was typed wrongly.
        """,
        subcommands: [ListLayouts.self, Blank.self, Render.self, Init.self, Validate.self, BatchCommand.self, Bench.self, Serve.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CoprintError {
            report(error)
            Foundation.exit(error.exitCode)
        } catch let error as CleanExit {
            Coprint.exit(withError: error)
        } catch let error as ExitCode {
            Coprint.exit(withError: error)
        } catch {
            // Mistakes in the command line itself: say what is wrong, exit 2.
            let code = exitCode(for: error)
            if code == .success { Coprint.exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }

    static func report(_ error: CoprintError) {
        var text = ""
        for problem in error.problems { text += "coprint: \(problem)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Options every printing command shares.
struct SetupOptions: ParsableArguments {
    @Option(name: .customLong("layouts"), help: ArgumentHelp("An extra folder of layout files, searched before the built-in ones.", valueName: "folder"))
    var layoutsFolder: String?

    @Option(name: .customLong("fonts"), help: .hidden)
    var fontsFolder: String?

    /// The layout folders: the user's first, then the built-in one.
    var folders: [URL] {
        (layoutsFolder.map { [URL(fileURLWithPath: $0)] } ?? []) + [LayoutLibrary.builtInFolder()]
    }

    func library(only: Set<String>? = nil) throws -> LayoutLibrary {
        try LayoutLibrary(folders: folders, only: only)
    }

    func printer() throws -> Printer {
        try Printer.withBundledFonts(in: fontsFolder.map { URL(fileURLWithPath: $0) })
    }
}

extension PaperChoice: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
