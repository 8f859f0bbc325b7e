import Foundation

/// A bilingual edition's key pages: what a values grid's columns mean, said beside the grid
/// rather than inside it.
///
/// In two languages a grid's column heads (each value's name and its description) and the
/// page's guidance (what each level asks) take twice the lines, and on A3 the cells would come
/// out about 64 mm high, under a 76 mm sticky note. The canvas's first page has no room to spare
/// either (its boxes are already down to two or three writing lines). So in a bilingual edition
/// the grid page keeps the value names (Welsh over English), the level names and the heading on
/// one line, and a key page printed after it carries the page's guidance and each value's name
/// over its description, as cards. Every cell's tooltip still gives the value's description and
/// the level's question.
extension Layout {
    /// This layout with each values grid's descriptions and guidance moved to a key page after
    /// the grid's page; pages without a grid whose columns are described stay as they are.
    func movingGridGuidanceToKeyPages() -> Layout {
        var copy = self
        copy.pages = pages.flatMap { page -> [PageSpec] in
            guard let r = page.regions.firstIndex(where: { region in
                if case .matrix(let across, _) = region.kind { return across.contains { $0.detail != nil } }
                return false
            }), case .matrix(let across, let down) = page.regions[r].kind else { return [page] }
            var gridPage = page
            gridPage.intro = nil
            gridPage.regions[r].detailsInKey = true
            let heading = page.heading.map { furnitureWords(\.keyTitle, ["heading": $0]) }
            // Two bands of cards, each only as tall as a card needs: the values, each name over
            // its description, then the levels, each name over the question it asks. The rest
            // of the page stays clear rather than stretching the cards into empty tint.
            let rows = page.gridRows ?? grid.rows
            let levels = down.filter { $0.prompt != nil }
            let valueRows = levels.isEmpty ? rows : max(1, rows * 11 / 20)
            var values = Region(field: nil, kind: .list(numbered: false, itemColumns: across.count), label: nil, prompt: nil, text: nil,
                                columns: 1...grid.columns, rows: 1...valueRows, mark: page.regions[r].mark)
            values.items = across.map { ListItem(heading: $0.label, text: $0.detail ?? "") }
            var regions = [values]
            if !levels.isEmpty, valueRows < rows {
                var questions = Region(field: nil, kind: .list(numbered: false, itemColumns: levels.count), label: nil, prompt: nil, text: nil,
                                       columns: 1...grid.columns, rows: (valueRows + 1)...rows, mark: page.regions[r].mark)
                questions.items = levels.map { ListItem(heading: $0.label, text: $0.prompt ?? "") }
                regions.append(questions)
            }
            let key = PageSpec(heading: heading, intro: levels.isEmpty ? page.intro : nil, regions: regions, gridRows: page.gridRows)
            return [gridPage, key]
        }
        return copy
    }
}
