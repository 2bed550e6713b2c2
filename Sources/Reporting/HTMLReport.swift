import GauntletCore

/// One self-contained HTML page (no external assets, so it works as a CI artifact or from disk): a matrix of cases
/// by targets with verdict colours and close codes grouped by section, filters, and a per-case view.
///
/// Filters can also be set from the URL query (`report.html?section=2&verdict=FAILED&disagree=1&failing=1`), and
/// `#show:<detail id>` opens one case, so a link can point at exactly the cases under discussion.
public enum HTMLReport {
    public static func render(_ reports: [RunReport]) -> String {
        let matrix = CrossRuntimeMatrix(reports)
        let caseCount = matrix.rows.count
        var html = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        let title = reports.count == 1 ? "Gauntlet: \(reports[0].agent)" : "Gauntlet: \(reports.count) targets"
        html += "<title>\(HTMLText.escape(title))</title>\n<style>\n\(Self.style)</style>\n</head>\n<body>\n"
        html += "<header><h1>\(HTMLText.escape(title))</h1>\n<p>\(caseCount) cases · "
        html += "\(matrix.disagreements.count) where targets disagree · "
        html += HTMLText.escape(reports.first?.tool ?? "gauntlet") + "</p></header>\n"
        html += Self.totals(reports)
        html += Self.filters(matrix)
        html += "<main>\n<table class=\"matrix\" id=\"matrix\">\n<thead><tr><th>case</th><th>description</th>"
        for agent in matrix.agents {
            html += "<th class=\"agent\">\(HTMLText.escape(agent))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        var details = ""
        for section in matrix.sections {
            let rows = matrix.rows.filter { $0.section == section }
            let disagreeing = rows.filter(\.disagree).count
            html +=
                "<tr class=\"section-row\" data-section=\"\(HTMLText.escape(section))\"><th colspan=\""
                + "\(matrix.agents.count + 2)\">Section \(HTMLText.escape(section)) · \(rows.count) cases"
                + (disagreeing > 0 ? " · \(disagreeing) disagree" : "") + "</th></tr>\n"
            for row in rows {
                html += Self.row(row, details: &details, columnIDs: matrix.agents.indices.map { "\($0)" })
                for (column, cell) in row.cells.enumerated() {
                    guard let cell else { continue }
                    details += HTMLCaseDetail.render(
                        cell, agent: matrix.agents[column], id: Self.detailID(column, row.id))
                }
            }
        }
        html +=
            "</tbody>\n</table>\n<div id=\"details\">\n<p class=\"hint\" id=\"hint\">Select a cell to see the case: "
        html += "expectation, verdicts, handshake, timeline and the annotated transcript.</p>\n"
        html += details + "</div>\n</main>\n<script>\n\(Self.script)</script>\n</body>\n</html>\n"
        return html
    }

    /// `d-<column>-<case id with dots as dashes>`: stable, and safe in a URL fragment.
    static func detailID(_ column: Int, _ caseID: String) -> String {
        "d-\(column)-" + String(caseID.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    private static func row(_ row: CrossRuntimeMatrix.Row, details: inout String, columnIDs: [String]) -> String {
        let verdicts = Set(
            row.cells.compactMap { $0.map { [$0.verdict.rawValue, "close " + $0.closeVerdict.rawValue] } }.flatMap {
                $0
            })
        let failing = row.cells.contains { $0?.failsGate == true }
        var html = "<tr class=\"case-row\" data-section=\"\(HTMLText.escape(row.section))\""
        html += " data-verdicts=\"|\(HTMLText.escape(verdicts.sorted().joined(separator: "|")))|\""
        html += " data-disagree=\"\(row.disagree ? 1 : 0)\" data-failing=\"\(failing ? 1 : 0)\">"
        html += "<td class=\"id\">\(HTMLText.escape(row.id))</td>"
        html +=
            "<td class=\"desc\" title=\"\(HTMLText.escape(row.expectation))\">\(HTMLText.escape(row.description))</td>"
        for (column, cell) in row.cells.enumerated() {
            guard let cell else {
                html += "<td class=\"cell missing\">—</td>"
                continue
            }
            let closeBad = cell.closeVerdict.isFailure ? " close-bad" : ""
            let id = Self.detailID(column, row.id)
            html += "<td class=\"cell \(HTMLText.verdictClass(cell.verdict.rawValue))\(closeBad)\">"
            html += "<a href=\"#show:\(id)\" data-detail=\"\(id)\">\(cell.verdict.rawValue)"
            var small: [String] = []
            if cell.closeVerdict != .ok { small.append("close \(cell.closeVerdict.rawValue)") }
            if let code = cell.remoteCloseCode { small.append("\(code)") }
            if !small.isEmpty { html += "<small>\(HTMLText.escape(small.joined(separator: " · ")))</small>" }
            html += "</a></td>"
        }
        return html + "</tr>\n"
    }

    private static func totals(_ reports: [RunReport]) -> String {
        let verdicts: [Verdict] = [.ok, .nonStrict, .informational, .unimplemented, .failed]
        var html = "<table class=\"totals\"><thead><tr><th>target</th><th>URL</th><th>cases</th>"
        html += verdicts.map { "<th class=\"\(HTMLText.verdictClass($0.rawValue))\">\($0.rawValue)</th>" }.joined()
        html += "<th>fail the gate</th><th>run</th></tr></thead><tbody>\n"
        for report in reports {
            html +=
                "<tr><td>\(HTMLText.escape(report.agent))</td><td><code>\(HTMLText.escape(report.target))</code></td>"
            html += "<td>\(report.cases.count)</td>"
            html += verdicts.map { "<td>\(report.summary.verdicts[$0.rawValue] ?? 0)</td>" }.joined()
            html += "<td class=\"\(report.summary.failed > 0 ? "v-failed" : "v-ok")\">\(report.summary.failed)</td>"
            let partial = report.complete ? "" : " (interrupted)"
            html += "<td>\(HTMLText.escape(report.startedAt))\(partial)</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    private static func filters(_ matrix: CrossRuntimeMatrix) -> String {
        var html = "<form class=\"filters\" id=\"filters\">\n<label>Section <select id=\"f-section\">"
        html += "<option value=\"\">all</option>"
        html += matrix.sections.map { "<option value=\"\(HTMLText.escape($0))\">\(HTMLText.escape($0))</option>" }
            .joined()
        html += "</select></label>\n<label>Verdict <select id=\"f-verdict\"><option value=\"\">any</option>"
        for verdict in Verdict.allCases {
            html += "<option value=\"\(verdict.rawValue)\">\(verdict.rawValue)</option>"
        }
        for close in CloseVerdict.allCases {
            html += "<option value=\"close \(close.rawValue)\">close \(close.rawValue)</option>"
        }
        html += "</select></label>\n<label><input type=\"checkbox\" id=\"f-disagree\"> targets disagree</label>\n"
        html += "<label><input type=\"checkbox\" id=\"f-failing\"> fails the gate</label>\n"
        html += "<output id=\"f-count\"></output>\n<span class=\"legend\"><span class=\"mark-disagree\"></span>"
        html += " targets disagree · <span class=\"mark-close\"></span> close not OK · small: close code</span>\n"
        html += "</form>\n"
        return html
    }

    static let style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0 1.5rem 2rem; color: #1d232a; background: #fbfbfc; }
        header h1 { margin: 1rem 0 0.2rem; font-size: 1.4rem; } header p { margin: 0 0 1rem; color: #555; }
        table { border-collapse: collapse; } th, td { padding: 3px 8px; border: 1px solid #d8dde3; }
        .totals { margin-bottom: 1rem; } .totals td { text-align: right; } .totals td:first-child { text-align: left; }
        .filters { display: flex; gap: 1.2rem; align-items: center; padding: 0.5rem 0; position: sticky; top: 0;
          background: #fbfbfc; z-index: 2; border-bottom: 1px solid #d8dde3; margin-bottom: 0.5rem; }
        main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.5rem; align-items: start; }
        .matrix th.agent { writing-mode: horizontal-tb; white-space: nowrap; }
        .section-row th { text-align: left; background: #eef1f5; font-weight: 600; }
        .case-row td.id { font-family: ui-monospace, monospace; white-space: nowrap; }
        .case-row td.desc { max-width: 28rem; color: #333; }
        .case-row[data-disagree="1"] td.id { box-shadow: inset 4px 0 #b04fd6; }
        td.cell { text-align: center; white-space: nowrap; padding: 0; }
        td.cell a { display: block; padding: 3px 8px; color: inherit; text-decoration: none; }
        td.cell a:hover, td.cell.selected a { outline: 2px solid #1d232a; outline-offset: -2px; }
        td.cell small { display: block; font-size: 11px; opacity: 0.85; }
        td.missing { color: #999; }
        .v-ok { background: #c9f0d2; } .v-non-strict { background: #f4ecb0; } .v-informational { background: #d3e3fa; }
        .v-unimplemented { background: #e3e0ea; } .v-failed, .v-unclean, .v-wrong-code, .v-failed-by-client {
          background: #f8c4c4; }
        td.close-bad { box-shadow: inset 0 -4px #d12f2f; }
        .badge { padding: 1px 6px; border-radius: 3px; font-weight: 600; font-size: 12px; }
        .detail { position: sticky; top: 3.2rem; max-height: calc(100vh - 4rem); overflow: auto; background: #fff;
          border: 1px solid #d8dde3; padding: 0 1rem 1rem; }
        .detail h2 { font-size: 1.15rem; } .detail dt { font-weight: 600; } .detail dd { margin: 0 0 0.4rem 1rem; }
        pre { font: 12px/1.35 ui-monospace, monospace; background: #f4f6f8; padding: 0.5rem; overflow-x: auto; }
        .seg { margin: 0.4rem 0; } .seglabel { font: 12px ui-monospace, monospace; font-weight: 600; }
        .seg.sent .seglabel { color: #1f5fa8; } .seg.received .seglabel { color: #8a3b12; }
        .seg pre { margin: 0.1rem 0 0; } span.hdr { background: #ffe39a; }
        .dir.sent { color: #1f5fa8; } .dir.received { color: #8a3b12; }
        .hint { color: #666; } .note { color: #8a3b12; }
        .legend { color: #555; font-size: 12px; } .mark-disagree { display: inline-block; width: 4px; height: 12px;
          background: #b04fd6; } .mark-close { display: inline-block; width: 14px; height: 4px; background: #d12f2f; }

        """

    static let script = """
        "use strict";
        window.addEventListener("error", event => {
          document.documentElement.dataset.scriptError = String(event.message);
        });
        (function () {
          const rows = Array.from(document.querySelectorAll("tr.case-row"));
          const sections = Array.from(document.querySelectorAll("tr.section-row"));
          const section = document.getElementById("f-section");
          const verdict = document.getElementById("f-verdict");
          const disagree = document.getElementById("f-disagree");
          const failing = document.getElementById("f-failing");
          const count = document.getElementById("f-count");
          function apply() {
            let shown = 0;
            for (const row of rows) {
              const visible = (!section.value || row.dataset.section === section.value) &&
                (!verdict.value || row.dataset.verdicts.includes("|" + verdict.value + "|")) &&
                (!disagree.checked || row.dataset.disagree === "1") &&
                (!failing.checked || row.dataset.failing === "1");
              row.hidden = !visible;
              if (visible) shown += 1;
            }
            for (const header of sections) {
              header.hidden = !rows.some(r => !r.hidden && r.dataset.section === header.dataset.section);
            }
            count.textContent = shown + " of " + rows.length + " cases shown";
          }
          function show(id) {
            const target = document.getElementById(id);
            if (!target) return;
            for (const open of document.querySelectorAll(".detail:not([hidden])")) open.hidden = true;
            for (const cell of document.querySelectorAll("td.cell.selected")) cell.classList.remove("selected");
            target.hidden = false;
            document.getElementById("hint").hidden = true;
            const link = document.querySelector('a[data-detail="' + id + '"]');
            if (link) link.parentElement.classList.add("selected");
          }
          document.getElementById("matrix").addEventListener("click", event => {
            const link = event.target.closest("a[data-detail]");
            if (!link) return;
            event.preventDefault();
            history.replaceState(null, "", "#show:" + link.dataset.detail);
            show(link.dataset.detail);
          });
          for (const control of [section, verdict, disagree, failing]) control.addEventListener("change", apply);
          const query = new URLSearchParams(location.search);
          section.value = query.get("section") || "";
          verdict.value = query.get("verdict") || "";
          disagree.checked = query.get("disagree") === "1";
          failing.checked = query.get("failing") === "1";
          apply();
          if (location.hash.startsWith("#show:")) show(location.hash.slice(6));
          document.body.dataset.ready = "1";
        })();

        """
}
