package dev.loopline.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.mock.env.MockEnvironment;

import dev.loopline.common.LooplineProperties;

class FirstStartSetupTests {

    @TempDir
    Path dataDir;

    private final UserService users = mock(UserService.class);
    private final ServiceTokenService tokens = mock(ServiceTokenService.class);

    @Test
    void generatesTheAdminPasswordIntoAnOwnerOnlyFile() throws Exception {
        when(users.anyUserExists()).thenReturn(false);
        new FirstStartSetup(users, tokens, new LooplineProperties(dataDir), new MockEnvironment())
                .run(new DefaultApplicationArguments());

        Path file = dataDir.resolve("initial-admin-password");
        String password = Files.readString(file).trim();
        assertThat(password).hasSize(20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        verify(users).createUnchecked(eq("admin"), eq("Administrator"), eq(password), anySet());
        verify(tokens, never()).registerBootstrapToken(org.mockito.ArgumentMatchers.anyString());
    }

    @Test
    void usesTheGivenPasswordAndRegistersTheBootstrapToken() throws Exception {
        when(users.anyUserExists()).thenReturn(false);
        var environment = new MockEnvironment().withProperty("LOOPLINE_ADMIN_PASSWORD", "given-password-1")
                .withProperty("LOOPLINE_BOOTSTRAP_TOKEN", "llt_from_env");
        new FirstStartSetup(users, tokens, new LooplineProperties(dataDir), environment)
                .run(new DefaultApplicationArguments());

        assertThat(dataDir.resolve("initial-admin-password")).doesNotExist();
        verify(users).createUnchecked(eq("admin"), eq("Administrator"), eq("given-password-1"), anySet());
        verify(tokens).registerBootstrapToken("llt_from_env");
    }

    @Test
    void leavesExistingUsersAlone() throws Exception {
        when(users.anyUserExists()).thenReturn(true);
        new FirstStartSetup(users, tokens, new LooplineProperties(dataDir), new MockEnvironment())
                .run(new DefaultApplicationArguments());
        verify(users, never()).createUnchecked(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any(), anySet());
    }
}
