import CoprintLayout
import Foundation

/// Every theme coprint knows: the files in a `themes/` folder beside the layouts (the built-in
/// `layouts/themes/`, and one in each of the user's own layout folders).
///
/// Like layouts, themes are data: drop a `.yaml` file into `themes/` and `coprint list` shows it
/// and `--theme NAME` prints in it, with no rebuild. A user's theme with a built-in theme's name
/// replaces it.
public struct ThemeLibrary: Sendable {
    /// The themes, by name, in the order listed.
    public let themes: [Theme]

    /// Reads every theme in the `themes/` folder of each of `layoutFolders` (earlier folders
    /// win), reporting every problem in every file at once.
    public init(layoutFolders: [URL]) throws {
        var byName: [String: Theme] = [:]
        var problems: [Problem] = []
        for folder in layoutFolders.reversed() {
            let dir = folder.appendingPathComponent("themes")
            let files = (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? []
            for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) where ["yaml", "yml"].contains(file.pathExtension) {
                do { let t = try Theme.load(from: file); byName[t.name] = t } catch let e as CoprintError { problems += e.problems }
            }
        }
        if !problems.isEmpty { throw CoprintError(problems) }
        themes = byName.values.sorted { $0.name < $1.name }
    }

    /// The theme called `name`, or an error listing the known ones.
    public func theme(named name: String) throws -> Theme {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        if let found = themes.first(where: { $0.name == wanted }) { return found }
        let names = themes.map(\.name)
        var message = "there is no theme called '\(name)'."
        if let guess = closestMatch(to: wanted, in: names) { message += " Did you mean '\(guess)'?" }
        message += " The themes are: \(names.joined(separator: ", ")). Run 'coprint list' to see what each one is for."
        throw CoprintError(message, kind: .badInput)
    }

    /// Checks `layout` printed in `theme` against the theme's rules, as an error naming the
    /// line to change.
    public static func check(_ layout: Layout, in theme: Theme?) throws {
        guard let theme else { return }
        let problems = theme.problems(for: layout)
        if !problems.isEmpty { throw CoprintError(problems) }
    }
}
