/* The broker's nft request: the script of one nft transaction on SocketLab's own table, from fixed templates; and
 * `labnet nft-script`, which prints it. */
#include "labnet.h"

#include <stdarg.h>

static int append(char *script, size_t *used, const char *format, ...) __attribute__((format(printf, 3, 4)));
static int append(char *script, size_t *used, const char *format, ...) {
    va_list args;
    va_start(args, format);
    int n = vsnprintf(script + *used, MAX_SCRIPT - *used, format, args);
    va_end(args);
    if (n < 0 || (size_t) n >= MAX_SCRIPT - *used) return -1;
    *used += (size_t) n;
    return 0;
}

/* The lab's table: an input chain that logs the lab's marker datagrams (its own UDP socket talking to itself). In the
 * second host's table (far) the markers come over the link from the lab's end and are dropped once logged: nothing
 * there listens for them, and an ICMP port unreachable would cross the link back. */
static int table(char *script, size_t *used, long group, long marker, int far) {
    return append(script, used,
            "add chain inet socketlab input { type filter hook input priority 0; policy accept; }\n"
            "add rule inet socketlab input %sudp sport %ld udp dport %ld log prefix \"mark\" group %ld%s\n",
            far ? "ip saddr 10.77.0.1 ip daddr 10.77.0.2 " : "", marker, marker, group, far ? " drop" : "");
}

/*
 * drop ID GROUP DIRECTION PORT KIND NUMBERS: a chain of its own that counts the packets its selectors send it
 * (numgen inc mod 1000) and drops the chosen ones (NUMBERS: 0-999, comma-separated), logging each to GROUP first.
 * DIRECTION is to-server (dport PORT) or to-client (sport PORT); KIND is any, syn, fin, data or ack.
 */
static int drop_rule(char **w, char *script, size_t *used, const char **why) {
    long id = number(w[1], 1, 999), group = number(w[2], 0, 65535), port = number(w[4], 1, 65535);
    const char *dir = strcmp(w[3], "to-server") == 0 ? "dport" : strcmp(w[3], "to-client") == 0 ? "sport" : NULL;
    const char *kind = w[5];
    int known = 0;
    const char *kinds[] = {"any", "syn", "fin", "data", "ack"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) known |= strcmp(kind, kinds[i]) == 0;
    if (id < 0 || group < 0 || port < 0 || !dir || !known)
        return *why = "nft drop: rule 1-999, group 0-65535, to-server or to-client, port 1-65535, any/syn/fin/data/ack", -1;
    /* the chosen packets: numbers below 1000, each once, ascending, comma-separated */
    char numbers[8192];
    size_t n = 0;
    long last = -1;
    const char *p = w[6];
    if (!*p) return *why = "nft drop: which packets (0-999, comma-separated)", -1;
    while (*p) {
        char digits[8];
        size_t len = strcspn(p, ",");
        if (len == 0 || len >= sizeof digits) return *why = "nft drop: packet numbers are 0-999", -1;
        memcpy(digits, p, len);
        digits[len] = '\0';
        long value = number(digits, 0, 999);
        if (value <= last) return *why = "nft drop: packet numbers are 0-999, ascending", -1;
        last = value;
        n += (size_t) snprintf(numbers + n, sizeof numbers - n, "%s%ld", n ? ", " : "", value);
        p += len;
        if (*p == ',') p++;
    }
    if (append(script, used, "add chain inet socketlab drop%ld\n", id)
            || append(script, used,
                    "add rule inet socketlab drop%ld numgen inc mod 1000 { %s } log prefix \"lost%ld\" group %ld drop\n",
                    id, numbers, id, group))
        return *why = "nft drop: too many packet numbers", -1;
    char selector[256];
    int fail = 0;
    if (strcmp(kind, "any") == 0) {
        snprintf(selector, sizeof selector, "meta l4proto { tcp, udp } th %s %ld", dir, port);
        fail |= append(script, used, "add rule inet socketlab input %s jump drop%ld\n", selector, id);
    } else if (strcmp(kind, "syn") == 0 || strcmp(kind, "fin") == 0) {
        fail |= append(script, used, "add rule inet socketlab input tcp %s %ld tcp flags & %s == %s jump drop%ld\n",
                dir, port, kind, kind, id);
    } else {
        int data = strcmp(kind, "data") == 0;
        if (data) fail |= append(script, used, "add rule inet socketlab input udp %s %ld jump drop%ld\n", dir, port, id);
        /* A TCP segment carries data when its IP length is more than the IP and TCP headers: nft compares fields with
         * constants only, so one rule per TCP header length (data offset 5-15 words). */
        const char *bare = data ? "" : " tcp flags & (syn | fin | rst) == 0";
        const char *op = data ? ">" : "==";
        for (int words = 5; words <= 15; words++) {
            int header = 4 * words;
            fail |= append(script, used,
                    "add rule inet socketlab input ip hdrlength 5 tcp %s %ld @th,96,4 %d ip length %s %d%s jump drop%ld\n",
                    dir, port, words, op, 20 + header, bare, id);
            fail |= append(script, used,
                    "add rule inet socketlab input ip6 nexthdr tcp tcp %s %ld @th,96,4 %d ip6 length %s %d%s jump drop%ld\n",
                    dir, port, words, op, header, bare, id);
        }
    }
    return fail ? (*why = "nft drop: too long", -1) : 0;
}

/*
 * nft OP...: one nft transaction, on the table inet socketlab only. OPs are words:
 *   fresh GROUP MARKER   the table made anew (an earlier one in this network is replaced), with its marker rule
 *   reset GROUP MARKER   every rule removed; the table made again at once with its marker rule only
 *   drop ID GROUP DIRECTION PORT KIND NUMBERS
 * nft-in HOST OP...: the same operations on the table of the second host HOST (first: the word after HOST); its marker
 * rule takes only the markers that come over the link (see table()).
 */
int nft_script(struct request *r, int first, int far, char *script, const char **why) {
    size_t used = 0;
    script[0] = '\0';
    if (r->count < first + 1) return *why = "nft takes at least one operation", -1;
    for (int i = first; i < r->count;) {
        char **w = r->words + i;
        int left = r->count - i;
        if ((strcmp(w[0], "fresh") == 0 || strcmp(w[0], "reset") == 0) && left >= 3) {
            long group = number(w[1], 0, 65535), marker = number(w[2], 1, 65535);
            if (group < 0 || marker < 0) return *why = "nft: group 0-65535, marker port 1-65535", -1;
            int fresh = strcmp(w[0], "fresh") == 0;
            if (append(&script[0], &used, "%sdelete table inet socketlab\nadd table inet socketlab\n",
                        fresh ? "add table inet socketlab\n" : "")
                    || table(script, &used, group, marker, far))
                return *why = "nft: too long", -1;
            i += 3;
        } else if (strcmp(w[0], "drop") == 0 && left >= 7) {
            if (drop_rule(w, script, &used, why) != 0) return -1;
            i += 7;
        } else {
            return *why = "nft: the operations are fresh, reset and drop, with their parameters", -1;
        }
    }
    return 0;
}

/* labnet nft-script [--far] OP...: the script an nft (nft-in with --far) request would run, printed, nothing run (the
 * templates' tests). */
int print_nft_script(int argc, char **argv) {
    int far = argc >= 2 && strcmp(argv[1], "--far") == 0;
    if (far) argv++, argc--;
    struct request r = {.count = 0};
    for (int i = 0; i < argc && i < MAX_WORDS; i++) r.words[r.count++] = argv[i];
    r.words[r.count] = NULL;
    r.words[0] = "nft";
    static char script[MAX_SCRIPT];
    const char *why = NULL;
    if (nft_script(&r, 1, far, script, &why) != 0) {
        fprintf(stderr, "labnet: request refused: %s\n", why);
        return REFUSED;
    }
    fputs(script, stdout);
    return 0;
}
