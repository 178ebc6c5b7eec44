import Foundation
import GSL

/// The users and creators of one arm, drawn from the platform population with the arm's own stream.
///
/// Stored as parallel arrays (one entry per unit) with embeddings flattened row-major.
public struct ArmPopulation: Sendable {
    public let dimension: Int
    // Users.
    public let userGroup: [Int]
    public let userTier: [Int]
    /// Mean daily requests λ of each user.
    public let userRate: [Double]
    /// User embeddings, `users × dimension`, unit vectors.
    public let userTaste: [Double]
    // Creators.
    public let followers: [Double]
    /// Baseline activity logit of each creator.
    public let activityLogit: [Double]
    /// Starting content embeddings, `creators × dimension`, unit vectors.
    public let creatorStart: [Double]

    public var userCount: Int { userGroup.count }
    public var creatorCount: Int { followers.count }

    /// Draws `users` users and `creators` creators.
    /// - Parameter tastes: vectors from data to draw tastes and content from (nil: the synthetic world's).
    public init(spec: PopulationSpec, world: World, users: Int, creators: Int, stream: RandomStream, tastes: TasteEmbeddings? = nil) {
        let d = spec.dimension
        dimension = d
        var group = [Int](), tier = [Int](), rate = [Double](), taste = [Double](repeating: 0, count: users * d)
        group.reserveCapacity(users); tier.reserveCapacity(users); rate.reserveCapacity(users)
        let spread = spec.requestSpread
        taste.withUnsafeMutableBufferPointer { out in
            for j in 0..<users {
                let country = World.draw(world.countryCumulative, stream)
                let gender = stream.integer(below: spec.genders)
                let t = World.draw(world.tierCumulative, stream)
                group.append((country * spec.genders + gender) * spec.tierShares.count + t)
                tier.append(t)
                // Mean-preserving log-normal spread around the tier's mean.
                rate.append(spec.tierRequests[t] * stream.logNormal(mu: -spread * spread / 2, sigma: spread))
                let v = UnsafeMutableBufferPointer(rebasing: out[(j * d)..<((j + 1) * d)])
                if let tastes {
                    let u = stream.integer(below: tastes.userCount)
                    for k in 0..<d { v[k] = tastes.users[u * d + k] }
                    continue
                }
                for k in 0..<d {
                    v[k] = world.countryTastes[country * d + k] + 0.5 * world.genderTastes[gender * d + k]
                        + spec.tasteNoise * stream.gaussian() / Double(d).squareRoot()
                }
                Kernels.normalise(v)
            }
        }
        userGroup = group; userTier = tier; userRate = rate; userTaste = taste

        var follow = [Double](), logit = [Double](), start = [Double](repeating: 0, count: creators * d)
        follow.reserveCapacity(creators); logit.reserveCapacity(creators)
        let base = log(spec.activity / (1 - spec.activity))
        start.withUnsafeMutableBufferPointer { out in
            for i in 0..<creators {
                follow.append(stream.logNormal(mu: log(spec.followersMedian), sigma: spec.followersSpread))
                logit.append(base + stream.gaussian(sd: 0.5))
                // Creators aim at an audience: a country's taste, with more noise than users.
                let country = World.draw(world.countryCumulative, stream)
                let v = UnsafeMutableBufferPointer(rebasing: out[(i * d)..<((i + 1) * d)])
                if let tastes {
                    let item = stream.integer(below: tastes.itemCount)
                    for k in 0..<d { v[k] = tastes.items[item * d + k] }
                    continue
                }
                for k in 0..<d {
                    v[k] = world.countryTastes[country * d + k] + 1.5 * spec.tasteNoise * stream.gaussian() / Double(d).squareRoot()
                }
                Kernels.normalise(v)
            }
        }
        followers = follow; activityLogit = logit; creatorStart = start
    }
}
