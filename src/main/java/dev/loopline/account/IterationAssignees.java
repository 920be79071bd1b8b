package dev.loopline.account;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.loopline.iteration.IterationPeople;

/** Work items are assigned to Loopline's enabled users. */
@Component
class IterationAssignees implements IterationPeople {

    private final UserService users;

    IterationAssignees(UserService users) {
        this.users = users;
    }

    @Override
    public List<String> assignable() {
        return users.activeUsernames();
    }
}
