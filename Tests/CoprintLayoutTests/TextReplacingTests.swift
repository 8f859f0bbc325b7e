@testable import CoprintLayout
import Foundation
import Testing

/// Find and replace without Foundation: the same results as Foundation's literal search, on text
/// in every script coprint prints, and placeholders filled in one pass.
@Suite("Replacing text")
struct TextReplacingTests {
    /// Pieces of text in the scripts and characters coprint meets, including CR LF (one Swift
    /// character made of two bytes) and the bilingual separator.
    static let pieces = ["a", "aa", "b", " ", "-", "ŵ", "Cymraeg", "اردو", "لا", "😀", "👩🏽‍🦱", "\r\n", "\n", "\u{2029}", "{", "}", "{page}", "&", "é", "e\u{301}"]

    /// A repeatable pseudo-random text of `count` pieces.
    static func text(_ seed: inout UInt64, _ count: Int) -> String {
        (0..<count).map { _ in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return pieces[Int(seed >> 33) % pieces.count]
        }.joined()
    }

    @Test("replacingEvery gives what Foundation's literal replacement gives, for 2,000 texts")
    func sameAsFoundation() {
        var seed: UInt64 = 7
        for round in 0..<2_000 {
            let text = Self.text(&seed, round % 12)
            let target = Self.text(&seed, 1 + round % 2)
            let replacement = Self.text(&seed, round % 3)
            let expected = text.replacingOccurrences(of: target, with: replacement, options: .literal)
            #expect(text.replacingEvery(target, with: replacement) == expected, "\(text.debugDescription) \(target.debugDescription)")
            #expect(text.includes(target) == (text.range(of: target, options: .literal) != nil))
        }
    }

    @Test("replacing works left to right without overlaps, and an empty target changes nothing")
    func edges() {
        #expect("aaa".replacingEvery("aa", with: "b") == "ba")
        #expect("abc".replacingEvery("", with: "x") == "abc")
        #expect("".replacingEvery("a", with: "x") == "")
        #expect("line\r\nnext\r\n".replacingEvery("\r\n", with: "\n") == "line\nnext\n")
        #expect("Cymru\u{2029}Wales".replacingEvery("\u{2029}", with: " / ") == "Cymru / Wales")
        #expect("abc".includes(""))
        #expect(!"ab".includes("abc"))
    }

    @Test("placeholders are filled in one pass: a value holding {name} prints as written")
    func filling() {
        let values = ["page": "2", "count": "3", "title": "Plan {page}"]
        #expect("Page {page} of {count}".filling(values) == "Page 2 of 3")
        #expect("{title} (continued)".filling(values) == "Plan {page} (continued)")
        #expect("{unknown} {page}".filling(values) == "{unknown} 2")
        #expect("{{page}}".filling(values) == "{2}")
        #expect("no braces".filling(values) == "no braces")
        #expect("open { only".filling(values) == "open { only")
        // The same for every order the values could be tried in: the result never depends on it.
        for _ in 0..<20 { #expect(Furniture.fill("{title}: {page}", values) == "Plan {page}: 2") }
    }
}
