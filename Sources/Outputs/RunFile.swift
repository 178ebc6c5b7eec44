import Foundation

/// A named file's bytes, ready to be committed to an output folder.
package typealias RunFile = (name: String, contents: Data)
