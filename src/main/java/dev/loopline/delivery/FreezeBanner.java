package dev.loopline.delivery;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.loopline.web.PageBanner;
import dev.loopline.web.ViewHelpers;

/** The banner on every page while a freeze window covers a production environment (overlapping windows merged). */
@Component
class FreezeBanner implements PageBanner {

    private final FreezeService freezes;
    private final ViewHelpers views;

    FreezeBanner(FreezeService freezes, ViewHelpers views) {
        this.freezes = freezes;
        this.views = views;
    }

    @Override
    public List<Banner> banners() {
        return freezes.activeInProduction().stream().map(active -> new Banner("Deploy freeze: " + active.environment()
                + " is frozen until " + views.time(active.window().end()) + " (" + views.until(active.window().end())
                + ") — " + active.window().label() + ".", "/environments/freezes")).toList();
    }
}
