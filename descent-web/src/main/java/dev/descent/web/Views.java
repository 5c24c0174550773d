package dev.descent.web;

import java.util.List;

/** The views {@code descent serve} always has, in the order of the page's navigation. */
final class Views {
    private Views() {
    }

    static List<WebServer.Feature> builtIn() {
        return List.of(new Pages(), new MessagesApi(), new LabApi(), new GraphApi(),
                new PlaygroundApi(), new RunsApi());
    }

    /** The pages themselves: each is one HTML file that loads its module and asks the API for numbers. */
    static final class Pages implements WebServer.Feature {
        @Override
        public void register(WebServer.Site site) {
            site.get("/", WebServer.page("playground.html"));
            site.get("/lab", WebServer.page("lab.html"));
            site.get("/graph", WebServer.page("graph.html"));
        }
    }
}
