import GSL

/// Established (older) content: a creator is drawn with probability proportional to her followers.
struct EstablishedCatalogue {
    let cumulative: [Double]

    init(followers: [Double]) {
        var running = 0.0
        cumulative = followers.map { running += $0; return running }
    }

    /// A creator index, by one uniform draw and a binary search.
    func draw(_ stream: RandomStream) -> Int {
        let target = stream.uniform() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
