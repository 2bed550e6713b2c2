/// Values of the `format`s message schemas use most (JSON Schema 2020-12 Validation §7.3), so a generated
/// timestamp is a real RFC 3339 date-time rather than random text a strict server would reject before reaching the
/// code worth fuzzing. Unknown formats return nil and the generator falls back to plain text.
enum FormatSampler {
    static func sample(_ format: String, using generator: inout some RandomNumberGenerator) -> String? {
        func number(_ range: ClosedRange<Int>, width: Int) -> String {
            let text = String(Int.random(in: range, using: &generator))
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        func hex(_ count: Int) -> String {
            (0..<count).map { _ in String(Int.random(in: 0...15, using: &generator), radix: 16) }.joined()
        }
        func label() -> String {
            let letters = Array("abcdefghijklmnopqrstuvwxyz")
            let length = Int.random(in: 3...8, using: &generator)
            return String((0..<length).map { _ in letters.randomElement(using: &generator) ?? "a" })
        }
        switch format {
        case "date-time":
            let date = "\(number(2000...2030, width: 4))-\(number(1...12, width: 2))-\(number(1...28, width: 2))"
            let time = "\(number(0...23, width: 2)):\(number(0...59, width: 2)):\(number(0...59, width: 2))"
            return "\(date)T\(time)Z"
        case "date":
            return "\(number(2000...2030, width: 4))-\(number(1...12, width: 2))-\(number(1...28, width: 2))"
        case "time":
            return "\(number(0...23, width: 2)):\(number(0...59, width: 2)):\(number(0...59, width: 2))Z"
        case "duration":
            return "P\(Int.random(in: 1...30, using: &generator))D"
        case "email", "idn-email":
            return "\(label())@\(label()).example"
        case "hostname", "idn-hostname":
            return "\(label()).\(label()).example"
        case "ipv4":
            return (0..<4).map { _ in String(Int.random(in: 0...255, using: &generator)) }.joined(separator: ".")
        case "ipv6":
            return "2001:db8::\(hex(4))"
        case "uri", "iri":
            return "https://\(label()).example/\(label())"
        case "uri-reference", "iri-reference":
            return "/\(label())/\(label())"
        case "uuid":
            return "\(hex(8))-\(hex(4))-4\(hex(3))-a\(hex(3))-\(hex(12))"
        case "json-pointer":
            return "/\(label())/\(Int.random(in: 0...9, using: &generator))"
        default:
            return nil
        }
    }
}
