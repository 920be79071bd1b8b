package dev.loopline.account.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.account.ServiceToken;
import dev.loopline.account.ServiceTokenService;
import dev.loopline.common.DomainException;

import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;import dev.loopline.common.Role;

@RestController
@RequestMapping("/api/v1/service-tokens")
class ServiceTokenApiController {

    private final ServiceTokenService tokens;

    ServiceTokenApiController(ServiceTokenService tokens) {
        this.tokens = tokens;
    }

    record CreateTokenRequest(String name, List<String> roles) {
    }

    record TokenResponse(long id, String name, List<String> roles, String createdBy, Instant createdAt,
            Instant lastUsedAt) {
        static TokenResponse of(ServiceToken token) {
            return new TokenResponse(token.getId(), token.getName(), roleNames(token), token.getCreatedBy(),
                    token.getCreatedAt(), token.getLastUsedAt());
        }
    }

    record CreatedTokenResponse(long id, String name, List<String> roles, String plainText, Instant createdAt) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedTokenResponse create(@RequestBody CreateTokenRequest request) {
        if (request.roles() == null || request.roles().isEmpty()) {
            throw new DomainException.InvalidInput("invalid_roles", "Give the token at least one role.");
        }
        Set<Role> roles = request.roles().stream().map(Role::fromApiName).collect(Collectors.toSet());
        var created = tokens.create(request.name(), roles);
        ServiceToken token = created.token();
        return new CreatedTokenResponse(token.getId(), token.getName(), roleNames(token), created.plainText(),
                token.getCreatedAt());
    }

    @GetMapping
    PagedList<TokenResponse> list(Paging paging) {
        return paging.page(tokens.findAll(), TokenResponse::of);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        tokens.delete(id);
    }

    static List<String> roleNames(ServiceToken token) {
        return token.getRoles().stream().map(Role::apiName).sorted().toList();
    }
}
