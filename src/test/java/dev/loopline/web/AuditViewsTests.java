package dev.loopline.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditViewsTests {

    private final AuditViews views = new AuditViews();

    @Test
    void showsAddressesReadably() {
        assertThat(views.address("0:0:0:0:0:0:0:1")).isEqualTo("this machine (localhost)");
        assertThat(views.address("::1")).isEqualTo("this machine (localhost)");
        assertThat(views.address("127.0.0.1")).isEqualTo("this machine (localhost)");
        assertThat(views.address("::ffff:10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(views.address("2001:db8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(views.address("fe80:0:0:0:1:0:0:5%eth0")).isEqualTo("fe80::1:0:0:5");
        assertThat(views.address("198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(views.address(null)).isEqualTo("–");
    }

    @Test
    void linksObjectsToTheirPages() {
        assertThat(views.objectPath("deploy_request", "shop#3")).isEqualTo("/databases/shop/deploy-requests/3");
        assertThat(views.objectPath("branch", "shop/main")).isEqualTo("/databases/shop/branches/main");
        assertThat(views.objectPath("iteration", "12")).isEqualTo("/iterations/12");
        assertThat(views.objectPath("job", "backup/policy-shop")).isEqualTo("/jobs");
        assertThat(views.objectPath("work_item", "4")).isEqualTo("/work-items/4");
        assertThat(views.objectPath("build", "7")).isEqualTo("/builds/7");
        assertThat(views.objectPath("deployment", "9")).isEqualTo("/deployments/9");
        assertThat(views.objectPath("environment", "production")).isEqualTo("/environments/production");
        assertThat(views.objectPath("service_token", "bootstrap")).as("for an admin").isEqualTo("/admin/tokens");
    }

    /** Admins' own pages are not linked for people who would get a 403 there. */
    @Test
    void linksAdminPagesOnlyForAdmins() {
        var operator = new dev.loopline.common.Actor(dev.loopline.common.Actor.Type.USER, 3L, "ops1",
                java.util.Set.of(dev.loopline.common.Role.OPERATOR));
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(
                new org.springframework.security.authentication.TestingAuthenticationToken(
                        (dev.loopline.common.ActorPrincipal) () -> operator, null));
        try {
            assertThat(views.objectPath("service_token", "bootstrap")).isNull();
            assertThat(views.objectPath("webhook", "4")).isNull();
            assertThat(views.objectPath("deploy_request", "shop#3")).isEqualTo("/databases/shop/deploy-requests/3");
        }
        finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }
}
