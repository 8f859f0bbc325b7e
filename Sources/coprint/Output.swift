import CoprintCore
import CoprintLayout
import Dispatch
import Foundation

/// Every byte coprint writes to standard output and standard error goes through here, so that a
/// full disk, a closed pipe or a closed descriptor ends the run with a plain message and exit 1,
/// never a crash (FileHandle's `write` traps on failure) and never silent loss (`print` ignores
/// failures).
enum Output {
    /// Which of standard input, output and error were closed when coprint started (`>&-`). They
    /// are opened on /dev/null at once, so that no file coprint opens later takes their number
    /// and receives text meant for the terminal; writing to a closed standard output is an error.
    nonisolated(unsafe) private static var closedAtStart = [false, false, false]

    /// Call first: ignores SIGPIPE (a closed pipe becomes an error to report, not a silent death)
    /// and fills closed standard descriptors with /dev/null.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            closedAtStart[Int(fd)] = true
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0, null != fd { dup2(null, fd); close(null) }
        }
    }

    /// Writes bytes to standard output (a PDF for `-o -`, JSON lines), or stops with exit 1.
    static func data(_ data: Data) {
        if let problem = attempt(data) { fail("could not write to standard output: \(problem). Nothing more was written.") }
    }

    /// Writes bytes to standard output; the reason if that failed (for a batch, which stops
    /// starting documents rather than leave one half-written).
    static func attempt(_ data: Data) -> String? {
        if closedAtStart[1] { return "it is closed" }
        return writeAll(data, to: STDOUT_FILENO)
    }

    /// Whether a message could not be written to standard error: the run then ends with exit 1.
    static var messageFailed: Bool { failures.with { $0 } }
    private static let failures = Locked(false)

    /// Writes one line of text to standard output, or stops with exit 1. Controls and direction
    /// overrides in it (from a file name) are shown as `\u{..}`.
    static func line(_ text: String) {
        data(Data((TextSafety.forTerminal(text) + "\n").utf8))
    }

    /// Writes a message to standard error. Control characters and bidirectional overrides in it
    /// are shown as `\u{..}` (a file name cannot move the cursor or hide text), except the line
    /// breaks between lines. If standard error cannot be written, coprint stops with exit 1.
    static func message(_ text: String) {
        let safe = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TextSafety.forTerminal(String($0)) }.joined(separator: "\n")
        raw(safe)
    }

    /// Writes text to standard error as it is (the progress bar's own cursor codes). If standard
    /// error cannot be written there is nowhere to say so: the run carries on and ends with exit 1.
    static func raw(_ text: String) {
        if writeAll(Data(text.utf8), to: STDERR_FILENO) != nil { failures.with { $0 = true } }
    }

    /// Says what went wrong on standard error (if it can) and exits 1.
    static func fail(_ message: String) -> Never {
        _ = writeAll(Data("coprint: \(TextSafety.forTerminal(message))\n".utf8), to: STDERR_FILENO)
        SafeFile.removeTemporaryFiles()
        Foundation.exit(1)
    }

    /// Writes every byte, retrying after interruptions; the reason on failure.
    private static func writeAll(_ data: Data, to fd: Int32) -> String? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> String? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno == EPIPE ? "the program reading it has stopped" : String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
    }
}


/// Ctrl-C (SIGINT), SIGTERM and SIGHUP, handled alike. Without a `stop` action (single documents)
/// the signal removes any half-written temporary file and exits at once; with one (a batch), the
/// first signal asks the batch to stop after the documents in hand and the second quits at once,
/// also removing half-written files.
///
/// Exit codes follow the shell's habit of 128 + the signal number: 130 for Ctrl-C, 143 for
/// SIGTERM, 129 for SIGHUP.
final class Interruptions: @unchecked Sendable {
    /// The one handler of the process.
    static let shared = Interruptions()
    /// The signals handled.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private let lock = NSLock()
    private var first: Int32?
    private var sources: [DispatchSourceSignal] = []

    /// The first signal received, if any.
    var received: Int32? { lock.lock(); defer { lock.unlock() }; return first }

    /// The exit code for the signal received (128 + its number), or nil.
    var exitCode: Int32? { received.map { 128 + $0 } }

    /// Starts handling the signals. `stop` is called once, on the first signal, if given.
    func install(stop: (@Sendable (Int32) -> Void)? = nil) {
        for sig in Interruptions.signals {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock()
                let isFirst = self.first == nil
                if isFirst { self.first = sig }
                self.lock.unlock()
                if isFirst, let stop {
                    stop(sig)
                } else {
                    SafeFile.removeTemporaryFiles()
                    Output.raw("\ncoprint: stopped (\(Interruptions.name(sig))); no half-written file is left\n")
                    Foundation.exit(128 + sig)
                }
            }
            s.resume()
            sources.append(s)
        }
    }

    /// A plain name for a signal.
    static func name(_ sig: Int32) -> String {
        switch sig {
        case SIGINT: return "Ctrl-C"
        case SIGTERM: return "asked to stop (SIGTERM)"
        case SIGHUP: return "the terminal closed (SIGHUP)"
        default: return "signal \(sig)"
        }
    }
}
