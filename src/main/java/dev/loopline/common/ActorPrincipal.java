package dev.loopline.common;

/** Implemented by every authenticated principal Loopline creates, so any module can ask who acts. */
public interface ActorPrincipal {

    Actor actor();
}
