import CoprintCore
import Testing

/// The benchmark's arithmetic: rounds added into one table row, and ratios taken round by round.
/// (How fast anything runs is never tested: the benchmark reports it.)
@Suite("Benchmark figures")
struct BenchmarkTests {
    @Test("rounds add up: documents, seconds and bytes summed, the largest peak, and the name counts every document")
    func totals() {
        let rounds = [
            Benchmark.Figure(name: "100-poster batch, -j 1", documents: 100, seconds: 0.9, bytes: 2_000, peakKB: 40_000),
            Benchmark.Figure(name: "100-poster batch, -j 1", documents: 100, seconds: 1.1, bytes: 2_100, peakKB: 42_000),
            Benchmark.Figure(name: "100-poster batch, -j 1", documents: 50, seconds: 0.5, bytes: 1_000, peakKB: 41_000),
        ]
        let total = Benchmark.total(rounds)
        #expect(total.name == "250-poster batch, -j 1")
        #expect(total.documents == 250)
        #expect(abs(total.seconds - 2.5) < 1e-9)
        #expect(total.bytes == 5_100)
        #expect(total.peakKB == 42_000)
        #expect(abs(total.milliseconds - 10) < 1e-9)
    }

    @Test("a ratio is the median round, not the mean: one round on a stalled machine does not move it")
    func medianRatio() {
        let ratio = Benchmark.Ratio([1.9, 1.8, 5.0, 1.85, 1.95, .infinity])
        #expect(ratio.sorted == [1.8, 1.85, 1.9, 1.95, 5.0])
        #expect(ratio.median == 1.9)
        #expect(ratio.description == "1.90x (1.85-1.95x)")
        #expect(Benchmark.Ratio([2.0, 1.0]).description == "2.00x")
        #expect(Benchmark.Ratio([]).median.isNaN)
    }
}
