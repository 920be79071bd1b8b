package dev.loopline.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * The {@code /api/v1} contract as OpenAPI at {@code /v3/api-docs}, with Swagger UI at {@code /swagger-ui.html}
 * (springdoc). Both are public, like API.md; every call still needs a service token ({@link #BEARER}). Operations are
 * tagged by API.md's sections ({@link #SECTIONS}) and answer errors with the {@code Error} schema
 * ({@code {code, message}}) under API.md's statuses.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

    static final String BEARER = "bearer";
    static final String ERROR = "Error";
    private static final String PREFIX = "/api/v1";

    /**
     * API.md's sections in its order, each with the paths (after {@code /api/v1}) it holds; the first match wins.
     * Paths of modules not merged yet are here already; paths no rule takes are tagged {@code Other}.
     */
    static final Map<String, Pattern> SECTIONS = sections(
            "Service tokens", "^/service-tokens(/|$)",
            "Iterations", "^/iterations(/\\{[^/]+}(/(phase|work-items))?)?$",
            "Databases and branches", "^/databases(/\\{[^/]+}(/branches(/\\{[^/]+}(/(safe-migrations|schema|passwords|sql|promote|demote).*)?)?)?)?$",
            "Deploy requests", "^/databases/\\{[^/]+}/deploy-requests(/|$)",
            "Backups", "^/databases/\\{[^/]+}/(branches/\\{[^/]+}/backups|backup-policy)(/|$)",
            "Scheduled jobs", "^/jobs(/|$)",
            "Planning", "^/(backlog|velocity|work-items)(/|$)|^/iterations/\\{[^/]+}/(start|complete|burndown)$",
            "Builds and tests", "^/(builds|test-cases|integrations)(/|$)",
            "Environments and deployments", "^/(environments|deployments|metrics/dora)(/|$)",
            "Insights", "^/databases/\\{[^/]+}/branches/\\{[^/]+}/insights(/|$)",
            "Webhooks", "^/(webhooks|events)(/|$)");

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("Service tokens", "Bearer tokens for API clients (admin only). The secret is shown once."),
            Map.entry("Iterations", "Iterations, their phases (with gates) and work items."),
            Map.entry("Databases and branches", "Managed databases, branches, branch passwords and the SQL console."),
            Map.entry("Deploy requests", "Schema changes from a branch into production: review, deploy, revert."),
            Map.entry("Backups", "Backups of branches, verification by test restore, backup policies."),
            Map.entry("Scheduled jobs", "Quartz jobs: list, run now, pause, resume."),
            Map.entry("Planning", "Backlog, ranks, starting and completing iterations, burndown and velocity."),
            Map.entry("Builds and tests", "Builds and test reports from CI, and CI receivers."),
            Map.entry("Environments and deployments", "Environments, deployments, freezes and DORA metrics."),
            Map.entry("Insights", "Query statistics, patterns and recommendations per branch."),
            Map.entry("Webhooks", "Outgoing webhooks and the event catalogue."),
            Map.entry("Other", "Endpoints API.md does not list yet."));

    @Bean
    OpenAPI looplineOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Loopline API").version("v1").description("""
                        JSON under `/api/v1`, `snake_case` fields, ISO-8601 UTC times. Authenticate with \
                        `Authorization: Bearer <service token>` (tokens page, or `LOOPLINE_BOOTSTRAP_TOKEN`). Errors are \
                        `{"code", "message"}`: 400 invalid input, 401 no or bad token, 403 the token's roles do not \
                        allow it, 404 unknown resource, 409 wrong state or an unmet gate, 422 refused by a rule. Lists \
                        are `{"data": [...]}`, newest first, paged by `page`/`per_page` (default 25, max 100)."""))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A service token, e.g. llt_…, created on the tokens page")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Schemas with the API's field names: swagger-core reads models with its own (Jackson 2) mapper, which does not
     * know {@code spring.jackson.property-naming-strategy}; this one names properties in snake_case as the API does.
     */
    @Bean
    ModelResolver snakeCaseModels() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    /** Tags each operation with its API.md section and adds the error answers it may give. */
    @Bean
    OpenApiCustomizer looplineSectionsAndErrors() {
        return openApi -> {
            // added here, after springdoc has dropped schemas no controller refers to
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(ERROR, errorSchema());
            var used = new java.util.LinkedHashSet<String>();
            if (openApi.getPaths() != null) {
                openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    String section = sectionOf(path);
                    used.add(section);
                    operation.setTags(List.of(section));
                    addErrors(path, method, operation);
                }));
            }
            openApi.setTags(java.util.stream.Stream.concat(SECTIONS.keySet().stream(), java.util.stream.Stream.of("Other"))
                    .filter(used::contains).map(name -> new Tag().name(name).description(DESCRIPTIONS.get(name)))
                    .toList());
        };
    }

    private static Schema<?> errorSchema() {
        var error = new ObjectSchema().description("Every API error: a reason for programs and a sentence for people.")
                .addProperty("code", new StringSchema().description("snake_case reason").example("gate_not_met"))
                .addProperty("message", new StringSchema().description("what happened and what to do")
                        .example("Cannot move to Deploy: the deploy request is not approved."));
        error.setRequired(List.of("code", "message"));
        return error;
    }

    /** API.md's section of an API path ({@code /api/v1/...}, variables in braces), or {@code Other}. */
    static String sectionOf(String path) {
        String rest = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
        return SECTIONS.entrySet().stream().filter(section -> section.getValue().matcher(rest).find())
                .map(Map.Entry::getKey).findFirst().orElse("Other");
    }

    private static void addErrors(String path, PathItem.HttpMethod method, Operation operation) {
        boolean hasInput = operation.getRequestBody() != null
                || operation.getParameters() != null && !operation.getParameters().isEmpty();
        error(operation, "400", "Malformed or invalid input", hasInput);
        error(operation, "401", "No service token, or not a valid one", true);
        error(operation, "403", "The token's roles do not allow this request", true);
        error(operation, "404", "No such resource", path.contains("{"));
        error(operation, "409", "Wrong state, a conflict, or a gate that is not met", method != PathItem.HttpMethod.GET);
    }

    private static void error(Operation operation, String status, String description, boolean applies) {
        if (!applies || operation.getResponses() == null || operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR)))));
    }

    private static Map<String, Pattern> sections(String... nameAndPattern) {
        Map<String, Pattern> sections = new LinkedHashMap<>();
        for (int i = 0; i < nameAndPattern.length; i += 2) {
            sections.put(nameAndPattern[i], Pattern.compile(nameAndPattern[i + 1]));
        }
        return sections;
    }
}
