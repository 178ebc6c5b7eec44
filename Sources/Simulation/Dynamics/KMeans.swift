import GSL

/// k-means clustering with k-means++ seeding, used to form user groups from embeddings.
///
/// The platform never sees the generator's true clusters (§5.1.3); it clusters what it observes.
public struct KMeans: Sendable, Equatable {
    /// Group index of each point, in `0..<centroids.count / dimension`.
    public let assignments: [Int]
    /// Centroids, flattened row-major (`clusterCount × dimension`).
    public let centroids: [Double]
    /// Number of Lloyd iterations run before the assignments stopped changing (or the cap).
    public let iterations: Int

    /// Clusters `count` points of `dimension` coordinates (flattened row-major) into `clusters` groups.
    ///
    /// A cluster that loses all its points is re-seeded at the point farthest from its centroid,
    /// so every returned group is non-empty whenever `clusters ≤ count`.
    /// - Complexity: O(iterations · count · clusters · dimension).
    public init(points: [Double], dimension: Int, clusters: Int, maxIterations: Int = 100, stream: RandomStream) {
        let count = points.count / dimension
        precondition(clusters >= 1 && clusters <= count, "need 1 ≤ clusters ≤ number of points")
        var centroids = KMeans.seedPlusPlus(points: points, dimension: dimension, clusters: clusters, stream: stream)
        var assignments = [Int](repeating: -1, count: count)
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            var changed = false
            for p in 0..<count {
                let nearest = KMeans.nearest(points, p, centroids, dimension, clusters).index
                if nearest != assignments[p] { assignments[p] = nearest; changed = true }
            }
            if !changed { break }
            var sums = [Double](repeating: 0, count: clusters * dimension)
            var sizes = [Int](repeating: 0, count: clusters)
            for p in 0..<count {
                let c = assignments[p]
                sizes[c] += 1
                for k in 0..<dimension { sums[c * dimension + k] += points[p * dimension + k] }
            }
            for c in 0..<clusters {
                if sizes[c] == 0 {
                    // Re-seed an empty cluster at the point worst served by its centroid.
                    var worst = 0, worstDistance = -1.0
                    for p in 0..<count {
                        let d = KMeans.squaredDistance(points, p, centroids, assignments[p], dimension)
                        if d > worstDistance { worstDistance = d; worst = p }
                    }
                    for k in 0..<dimension { centroids[c * dimension + k] = points[worst * dimension + k] }
                    assignments[worst] = c
                } else {
                    for k in 0..<dimension { centroids[c * dimension + k] = sums[c * dimension + k] / Double(sizes[c]) }
                }
            }
        }
        self.assignments = assignments
        self.centroids = centroids
        self.iterations = iteration
    }

    /// Sizes of the groups, indexed by group.
    public var sizes: [Int] {
        var sizes = [Int](repeating: 0, count: (assignments.max() ?? -1) + 1)
        for a in assignments { sizes[a] += 1 }
        return sizes
    }

    static func seedPlusPlus(points: [Double], dimension: Int, clusters: Int, stream: RandomStream) -> [Double] {
        let count = points.count / dimension
        var centroids = [Double]()
        centroids.reserveCapacity(clusters * dimension)
        let first = stream.integer(below: count)
        centroids.append(contentsOf: points[(first * dimension)..<((first + 1) * dimension)])
        var distance = (0..<count).map { squaredDistance(points, $0, centroids, 0, dimension) }
        for c in 1..<clusters {
            let pick = distance.contains(where: { $0 > 0 }) ? stream.index(weightedBy: distance) : stream.integer(below: count)
            centroids.append(contentsOf: points[(pick * dimension)..<((pick + 1) * dimension)])
            for p in 0..<count {
                distance[p] = Swift.min(distance[p], squaredDistance(points, p, centroids, c, dimension))
            }
        }
        return centroids
    }

    static func nearest(_ points: [Double], _ p: Int, _ centroids: [Double], _ dimension: Int, _ clusters: Int) -> (index: Int, distance: Double) {
        var best = 0, bestDistance = Double.infinity
        for c in 0..<clusters {
            let d = squaredDistance(points, p, centroids, c, dimension)
            if d < bestDistance { bestDistance = d; best = c }
        }
        return (best, bestDistance)
    }

    static func squaredDistance(_ points: [Double], _ p: Int, _ centroids: [Double], _ c: Int, _ dimension: Int) -> Double {
        var sum = 0.0
        for k in 0..<dimension {
            let diff = points[p * dimension + k] - centroids[c * dimension + k]
            sum += diff * diff
        }
        return sum
    }
}
