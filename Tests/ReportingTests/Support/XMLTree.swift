import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XML element, so tests check the JUnit file's structure as a CI system's parser would see it.
struct XMLTree: Sendable {
    var name: String
    var attributes: [String: String]
    var text: String
    var children: [XMLTree]

    /// Parses `text`, throwing the parser's error when it is not well-formed XML.
    static func parse(_ text: String) throws -> XMLTree {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw parser.parserError ?? CocoaError(.coderReadCorrupt)
        }
        return root
    }

    func all(_ name: String) -> [XMLTree] {
        self.children.filter { $0.name == name }
    }

    /// Collects elements as the parser reports them; a class because XMLParser holds its delegate by reference.
    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLTree] = []
        var root: XMLTree?

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            self.stack.append(XMLTree(name: elementName, attributes: attributeDict, text: "", children: []))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !self.stack.isEmpty else { return }
            self.stack[self.stack.count - 1].text += string
        }

        func parser(
            _ parser: XMLParser,
            didEndElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            guard let element = self.stack.popLast() else { return }
            if self.stack.isEmpty {
                self.root = element
            } else {
                self.stack[self.stack.count - 1].children.append(element)
            }
        }
    }
}
