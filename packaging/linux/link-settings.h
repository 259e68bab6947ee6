/*
 * The link's settings (issue 76 item 5): the one statement of the numbers SocketLab's wire takes and their bounds.
 * wire.c checks its arguments and its "set" lines against it, labnet's middle.c the host wire request, link.c the
 * plain link's rate. Java cannot include it: LinkSettingsAgreementTest reads this file and fails when Java's limits
 * (LinkConditions, the command line's options, a lesson's "link", the window's controls), docs/lesson.schema.json or
 * the table in docs/lab-network.md (en, es) say otherwise.
 *
 * A direction's settings, in the order of the wire's arguments (client to server, then server to client, then the
 * seed): LINK_WAY_SETTINGS(ROW) calls ROW(NAME, "name", "unit", LOWEST, HIGHEST) once each.
 */
#ifndef SOCKETLAB_LINK_SETTINGS_H
#define SOCKETLAB_LINK_SETTINGS_H

#define LINK_WAY_SETTINGS(ROW)                                                                                         \
    ROW(DELAY, "delay", "us", 0, 10000000)             /* 10 s */                                                      \
    ROW(JITTER, "jitter", "us", 0, 10000000)           /* either way of the delay */                                   \
    ROW(LOSS, "loss", "ppm", 0, 1000000)               /* parts per million: 100 % */                                  \
    ROW(BURST, "burst", "packets", 1, 1000)            /* average losses in a row (1: each on its own) */              \
    ROW(DUPLICATE, "duplicate", "ppm", 0, 1000000)                                                                     \
    ROW(REORDER, "reorder", "ppm", 0, 1000000)                                                                         \
    ROW(RATE, "rate", "kbit/s", 0, 10000000)           /* 0: as fast as the wire can; 10 Gbit/s, as tbf's */           \
    ROW(QUEUE_LIMIT, "queue limit", "packets", 1, 4000) /* packets waiting in the direction, in the delay included */

/* The seed of the wire's draws: nine digits, as the command line and a lesson give it. */
#define LINK_SEED_HIGH 999999999

#define LINK_INDEX_OF(NAME, name, unit, low, high) LINK_##NAME,
#define LINK_LOW_OF(NAME, name, unit, low, high) LINK_LOW_##NAME = low,
#define LINK_HIGH_OF(NAME, name, unit, low, high) LINK_HIGH_##NAME = high,
#define LINK_LIMIT_OF(NAME, name, unit, low, high) {name, unit, low, high},

/* LINK_DELAY ... LINK_QUEUE_LIMIT: a setting's place in a direction; LINK_WAY_COUNT of them. */
enum link_setting { LINK_WAY_SETTINGS(LINK_INDEX_OF) LINK_WAY_COUNT };
/* LINK_LOW_DELAY, LINK_HIGH_QUEUE_LIMIT...: constants, for array sizes and the like */
enum link_low { LINK_WAY_SETTINGS(LINK_LOW_OF) };
enum link_high { LINK_WAY_SETTINGS(LINK_HIGH_OF) };

/* Both directions' settings and the seed: the words of labnet's "host wire" and the wire's arguments. */
#define LINK_SETTINGS (2 * LINK_WAY_COUNT + 1)

struct link_limit {
    const char *name, *unit;
    unsigned long low, high;
};

/* Indexed by enum link_setting. */
static const struct link_limit LINK_LIMITS[LINK_WAY_COUNT] = {LINK_WAY_SETTINGS(LINK_LIMIT_OF)};

#endif
