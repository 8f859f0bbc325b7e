import CoprintLayout
import CoprintRender
import Foundation

/// The date written into every PDF, checked before anything is printed.
public enum CreationDate {
    /// Throws a plain error if `SOURCE_DATE_EPOCH` is set but malformed or past the year 9999
    /// (see ``PDFMetadata/sourceDateEpoch(environment:)``); does nothing if it is unset or valid.
    public static func check(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        _ = try PDFMetadata.sourceDateEpoch(environment: environment)
    }
}
