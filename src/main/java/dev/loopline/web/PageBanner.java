package dev.loopline.web;

import java.util.List;

/**
 * Something every page shows above its content while it holds (e.g. a production freeze). Modules register beans;
 * the layout asks each on every page view, so keep {@link #banners()} to a query or two.
 */
public interface PageBanner {

    /** What to show now; empty when nothing. */
    List<Banner> banners();

    /**
     * One banner.
     *
     * @param text a sentence
     * @param link where to read more, or {@code null}
     */
    record Banner(String text, String link) {
    }
}
