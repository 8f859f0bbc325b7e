import ArgumentParser
import CoprintCore
import CoprintLayout
import CoprintServe
import Foundation
import Hummingbird

/// `coprint serve`: the web page for filling a canvas in a browser, and its HTTP API.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Fill a canvas in your web browser, see the printed page as you type, and download the PDF.",
        discussion: """
        Starts a small web server on this computer. Open the address it prints in a browser.
        By default only this computer can reach it (127.0.0.1). To share it on a network, put it
        behind a web server that asks people to sign in (see the README); do not open it up directly.
        Stop it with Ctrl-C.
        """)

    @Option(help: ArgumentHelp("The address to listen on. 127.0.0.1 means this computer only.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on (0 picks a free one).", valueName: "number"))
    var port = 8080

    @Option(help: ArgumentHelp("How many documents to print at once (default: one per core).", valueName: "n"))
    var workers: Int?

    @OptionGroup var setup: SetupOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port should be a number from 0 to 65535") }
        if let workers, workers < 1 { throw ValidationError("--workers should be 1 or more") }
    }

    func run() throws {
        var settings = ServeSettings()
        settings.host = host
        settings.port = port
        settings.layoutFolders = setup.folders
        // Opening a filled fillable PDF on the page reads it as 'coprint import' does.
        let library = try setup.library()
        settings.importer = FormPlanImporter(library: library)
        // The page offers every edition the shipped layouts have: English, Welsh, and both.
        settings.languages = [ServeLanguage(code: "en", name: "English"), ServeLanguage(code: "cy", name: "Cymraeg"),
                              ServeLanguage(code: "cy+en", name: "Cymraeg a Saesneg / Welsh and English")]
        settings.edition = { layout, code in try library.inEdition(layout, try Edition(parsing: code)) }
        settings.fontsFolder = setup.fontsFolder.map { URL(fileURLWithPath: $0) }
        if let workers { settings.workers = workers }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        let app = try CoprintServer.application(settings) { address in
            var text = "coprint serve: open \(address) in your web browser.\n"
            text += loopback
                ? "Only this computer can reach it. Stop it with Ctrl-C.\n"
                : "Listening on \(host): other computers can reach it. Put it behind a server that asks people to sign in. Stop it with Ctrl-C.\n"
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        // The server runs on Swift's own threads; this one waits until it stops (Ctrl-C or SIGTERM
        // end it gracefully: requests under way are finished first).
        let finished = DispatchSemaphore(value: 0)
        let failure = ServeFailure()
        Task {
            do { try await app.runService() } catch { failure.set("\(error)") }
            finished.signal()
        }
        finished.wait()
        if let message = failure.message {
            throw CoprintError("the server stopped: \(message). If the port is in use, choose another with --port.")
        }
    }
}

/// The reason the server stopped, if it failed.
final class ServeFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    func set(_ message: String) { lock.lock(); text = message; lock.unlock() }
    var message: String? { lock.lock(); defer { lock.unlock() }; return text }
}
