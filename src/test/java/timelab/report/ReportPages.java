package timelab.report;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What the tests read off a written report page (parsed as XML: the pages are well-formed XHTML). */
public final class ReportPages {

    private ReportPages() {}

    /** The ids of the page's {@code <div class="chart">} elements, in page order. */
    public static List<String> chartIds(Document html) {
        List<String> ids = new ArrayList<>();
        NodeList divs = html.getElementsByTagName("div");
        for (int i = 0; i < divs.getLength(); i++) {
            Element div = (Element) divs.item(i);
            if (div.getAttribute("class").equals("chart")) {
                ids.add(div.getAttribute("id"));
            }
        }
        return ids;
    }
}
