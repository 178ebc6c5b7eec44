import Foundation
import Trial

/// The embeddings file `twinarm ratings … --embeddings FILE` writes and `population.embeddings`
/// reads: a comment line `# twinarm embeddings …`, a header `kind,id,v0,…,v(d−1)`, then one row
/// per user (`user,<id>,…`) and per item (`item,<id>,…`).
public enum EmbeddingsFile {
    /// The first line of every file TwinArm writes (how it knows it may replace one).
    public static let marker = "# twinarm embeddings"

    public static func text(dimension d: Int, users: [Double], userIDs: [String], items: [Double], itemIDs: [String]) -> String {
        var out = "\(marker): user and item factors of a ratings factorisation (twinarm ratings)\n"
        out += "kind,id," + (0..<d).map { "v\($0)" }.joined(separator: ",") + "\n"
        for (kind, vectors, ids) in [("user", users, userIDs), ("item", items, itemIDs)] {
            for (row, id) in ids.enumerated() {
                out += "\(kind),\(id)," + (0..<d).map { "\(vectors[row * d + $0])" }.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// Reads a file for `population.embeddings`; every problem is one config error naming the file and line.
    public static func read(_ path: String) throws(ConfigError) -> TasteEmbeddings {
        let what = "embeddings file (population.embeddings)"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .inputNotFound(path: path, what: what + "; write one with `twinarm ratings FILE --embeddings PATH`")
        }
        guard !isDirectory.boolValue else { throw .badInput(path: path, what: what, reason: "it is a folder; give the file") }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .badInput(path: path, what: what,
            reason: "it cannot be read as UTF-8 text") }
        var dimension = 0, users = [Double](), items = [Double](), number = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.first == "kind" {
                dimension = fields.count - 2
                guard dimension >= 1 else {
                    throw .badInput(path: path, what: what, reason: "line \(number): the header has no vector columns (kind,id,v0,…)")
                }
                continue
            }
            guard dimension >= 1 else { throw .badInput(path: path, what: what, reason: "line \(number): no header line 'kind,id,v0,…' before the rows") }
            guard fields.count == dimension + 2 else {
                throw .badInput(path: path, what: what,
                    reason: "line \(number): \(fields.count) columns; allowed: \(dimension + 2) (kind, id and \(dimension) values)")
            }
            var vector = [Double]()
            for field in fields.dropFirst(2) {
                guard let x = Double(field), x.isFinite else {
                    throw .badInput(path: path, what: what, reason: "line \(number): value '\(field)'; allowed: a finite number")
                }
                vector.append(x)
            }
            // A zero vector has no direction: a taste or a content drawn from it would be degenerate.
            guard vector.contains(where: { $0 != 0 }) else {
                throw .badInput(path: path, what: what, reason: "line \(number): an all-zero vector; allowed: a vector with at least one non-zero value")
            }
            switch fields[0] {
            case "user": users += vector
            case "item": items += vector
            default: throw .badInput(path: path, what: what, reason: "line \(number): kind '\(fields[0])'; allowed: user, item")
            }
        }
        guard !users.isEmpty, !items.isEmpty else {
            throw .badInput(path: path, what: what, reason: "it needs at least one user row and one item row (kind user, item)")
        }
        return TasteEmbeddings(dimension: dimension, users: users, items: items)
    }
}
