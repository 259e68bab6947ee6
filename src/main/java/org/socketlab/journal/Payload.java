package org.socketlab.journal;

/**
 * What a journal event says. The JSON {@code type} of each kind is given by {@link #type()}. The records are written
 * by family, each family in a holder interface of its own ({@link CallEvents}, {@link ProcessEvents},
 * {@link KernelEvents}, {@link WireEvents}, {@link LessonEvents}) that this interface extends, so each is still named
 * {@code Payload.Call}, {@code Payload.Segment}... (a member type is inherited), and the JSON names are unchanged.
 */
public sealed interface Payload extends CallEvents, ProcessEvents, KernelEvents, WireEvents, LessonEvents
        permits CallEvents.Call, CallEvents.Blocked, CallEvents.Cancelled, ProcessEvents.Process, KernelEvents.State,
        KernelEvents.Queue, KernelEvents.TcpInfo, WireEvents.Segment, WireEvents.Capture, LessonEvents.Note {

    String type();
}
