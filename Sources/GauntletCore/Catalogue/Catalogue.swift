/// The built-in RFC 6455 cases, with Autobahn|Testsuite's ids so existing filters and reports carry over.
///
/// Sections arrive one file each; the order here is the order reports list them.
public enum Catalogue {
    /// Every built-in case, in id order.
    public static var all: [Case] {
        FramingCases.all + PingPongCases.all + ReservedBitsCases.all + OpcodeCases.all + FragmentationCases.all
            + UTF8Cases.all + UTF8StressCases.all + CloseCases.all + LargeMessageCases.all + AutoFragmentationCases.all
            + DeflateCases.all + ClientFrameCases.all + DeflateNegotiationCases.all + HandshakeCases.all
    }

    /// The built-in cases `filter` selects, in id order.
    public static func cases(matching filter: CaseFilter) -> [Case] {
        self.all.filter { filter.includes($0.id) }
    }
}
