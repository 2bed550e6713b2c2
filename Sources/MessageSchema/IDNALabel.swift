/// Internationalised host name labels: Punycode (RFC 3492) and the IDNA2008 rules that the `hostname` and
/// `idn-hostname` formats need (RFC 5891 §4.2, RFC 5892 contextual rules, RFC 5893 Bidi rule, approximated
/// from Unicode general categories and script blocks, since the full derived tables are not bundled).
enum IDNALabel {
    /// For an `xn--` label: the decoded U-label, or `.some(nil)` when the A-label is invalid. Nil otherwise.
    static func decodeIfPunycode(_ label: String) -> String?? {
        guard label.lowercased().hasPrefix("xn--") else { return nil }
        let encoded = String(label.dropFirst(4))
        guard let decoded = self.decode(encoded), !decoded.unicodeScalars.allSatisfy({ $0.isASCII }),
            self.encode(decoded)?.lowercased() == encoded.lowercased()
        else { return .some(nil) }
        return .some(decoded)
    }

    /// The length of the `xn--`-less A-label for a U-label.
    static func punycodeLength(_ label: String) -> Int? {
        self.encode(label)?.utf8.count
    }

    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26

    private static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        var delta = first ? delta / 700 : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((self.base - self.tMin) * self.tMax) / 2 {
            delta /= self.base - self.tMin
            k += self.base
        }
        return k + (self.base - self.tMin + 1) * delta / (delta + 38)
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? self.tMin : (k >= bias + self.tMax ? self.tMax : k - bias)
    }

    /// RFC 3492 §6.2.
    static func decode(_ input: String) -> String? {
        var scalars = Array(input.unicodeScalars)
        var output: [UInt32] = []
        if let delimiter = scalars.lastIndex(of: "-") {
            guard scalars[..<delimiter].allSatisfy({ $0.isASCII }) else { return nil }
            output = scalars[..<delimiter].map(\.value)
            scalars = Array(scalars[(delimiter + 1)...])
        }
        var n = 128
        var i = 0
        var bias = 72
        var position = 0
        while position < scalars.count {
            let oldI = i
            var weight = 1
            var k = self.base
            while true {
                guard position < scalars.count else { return nil }
                let value = scalars[position].value
                position += 1
                let digit: Int
                switch value {
                case 0x30...0x39: digit = Int(value) - 22
                case 0x41...0x5A: digit = Int(value) - 0x41
                case 0x61...0x7A: digit = Int(value) - 0x61
                default: return nil
                }
                i += digit * weight
                guard i < Int(Int32.max) else { return nil }
                let t = self.threshold(k, bias)
                if digit < t { break }
                weight *= self.base - t
                guard weight < Int(Int32.max) else { return nil }
                k += self.base
            }
            bias = self.adapt(i - oldI, output.count + 1, oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n < 0x110000 else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        var text = ""
        for value in output {
            guard let scalar = Unicode.Scalar(value) else { return nil }
            text.unicodeScalars.append(scalar)
        }
        return text
    }

    /// RFC 3492 §6.3.
    static func encode(_ input: String) -> String? {
        let values = input.unicodeScalars.map { Int($0.value) }
        var output = values.filter { $0 < 128 }.map { Character(Unicode.Scalar(UInt8($0))) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = 128
        var delta = 0
        var bias = 72
        let digits = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        while handled < values.count {
            guard let next = values.filter({ $0 >= n }).min() else { return nil }
            delta += (next - n) * (handled + 1)
            n = next
            for value in values {
                if value < n { delta += 1 }
                if value == n {
                    var q = delta
                    var k = self.base
                    while true {
                        let t = self.threshold(k, bias)
                        if q < t { break }
                        output.append(digits[t + (q - t) % (self.base - t)])
                        q = (q - t) / (self.base - t)
                        k += self.base
                    }
                    output.append(digits[q])
                    bias = self.adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(output)
    }
}
