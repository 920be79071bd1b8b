package dev.loopline.common;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.data.domain.PageRequest;

/**
 * The one paging rule of every list (API.md): {@code page} counts from 1, {@code per_page} is 25 unless given and
 * at most 100; anything else is a {@code 400}. Controllers take a {@code Paging} parameter (resolved from the query
 * string by the web module) and answer with {@link #page(List, Function)} or {@link #result(List, boolean)}.
 *
 * @param page    the page asked for, from 1
 * @param perPage items per page, 1 to {@value #MAX_PER_PAGE}
 */
public record Paging(int page, int perPage) {

    public static final int DEFAULT_PER_PAGE = 25;
    public static final int MAX_PER_PAGE = 100;
    /** Far beyond any real list, and small enough that the offset stays an {@code int} for the database. */
    public static final int MAX_PAGE = 100_000;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    public static final Paging FIRST = new Paging(1, DEFAULT_PER_PAGE);

    /** Parses the query parameters; {@code null} or blank means the default. Throws {@link DomainException.InvalidInput}. */
    public static Paging of(String page, String perPage) {
        return new Paging(parse("page", page, 1, MAX_PAGE, 1), parse("per_page", perPage, 1, MAX_PER_PAGE,
                DEFAULT_PER_PAGE));
    }

    private static int parse(String name, String value, int min, int max, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String trimmed = value.trim();
        if (DIGITS.matcher(trimmed).matches()) {
            int parsed = Integer.parseInt(trimmed);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        throw new DomainException.InvalidInput("invalid_" + name, "'" + TextLimits.quoted(value) + "' is not a valid "
                + name + ": use a whole number from " + min + " to " + max + ".");
    }

    /** Index of the first item of this page in the whole list. */
    public long offset() {
        return (long) (page - 1) * perPage;
    }

    /** The same page, for a Spring Data query (which counts pages from 0). */
    public PageRequest pageRequest() {
        return PageRequest.of(page - 1, perPage);
    }

    /** This page of a whole list held in memory, each item turned into its JSON with {@code toJson}. */
    public <T, R> PagedList<R> page(List<T> all, Function<? super T, ? extends R> toJson) {
        int from = (int) Math.min(offset(), all.size());
        int to = (int) Math.min(from + (long) perPage, all.size());
        List<R> data = all.subList(from, to).stream().<R>map(toJson).toList();
        return result(data, to < all.size());
    }

    /** This page's items, already fetched; {@code hasMore} says whether a next page exists. */
    public <R> PagedList<R> result(List<R> data, boolean hasMore) {
        return new PagedList<>(data, page, perPage, hasMore ? page + 1 : null, page > 1 ? page - 1 : null);
    }

    /**
     * A page of a list as the API answers it: {@code {data, current_page, per_page, next_page, prev_page}}, the
     * neighbouring page numbers {@code null} where there is none (PlanetScale's shape).
     */
    public record PagedList<T>(List<T> data, int currentPage, int perPage, Integer nextPage, Integer prevPage) {
    }
}
