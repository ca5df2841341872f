/*
 * The offline source of a VPC's configuration: the JSON the AWS CLI
 * prints for `aws ec2 describe-security-groups`, describe-network-acls,
 * describe-route-tables, describe-network-interfaces,
 * describe-managed-prefix-lists and get-managed-prefix-list-entries,
 * read into a vpc_config (vpc.h).
 *
 * A file is recognised by its top-level keys, not its name:
 * "SecurityGroups", "NetworkAcls", "RouteTables", "NetworkInterfaces",
 * "PrefixLists", and "Entries" (a prefix list's entries).  One object may
 * hold several of them (a combined snapshot).  The entries of
 * get-managed-prefix-list-entries do not name their list: the list is the
 * object's "PrefixListId" when it has one ({"PrefixListId": "pl-...",
 * "Entries": [...]}), else the pl-<hex> in the file's name
 * (pl-0123abcd.json, entries-pl-0123abcd.json).  A combined snapshot may
 * also hold "PrefixListEntries": [{"PrefixListId": ..., "Entries": [...]}].
 *
 * What the file is (JSON, an object with one of the keys, each an array,
 * within the bounds below) is checked: any failure is an error naming the
 * file (with line and column for JSON that does not parse), and what was
 * read before it stays in the config, for the caller to release.  What an
 * element holds is checked too (ids of AWS's form, CIDRs, protocols,
 * ports): an element that fails is left out and said in a line of
 * c->missing ("PATH: SecurityGroups[2].IpPermissions[0]: no IpProtocol"),
 * so that a part left out is never silent.  So are what the model cannot
 * hold (a second public IP of an interface; a route whose target is of no
 * kind known, kept with none) and a "NextToken", which says the listing
 * stopped at a page.
 *
 * Objects keep the path as their origin; a later file's object of the
 * same id replaces the earlier one (vpc_add_*()), except that a prefix
 * list described again keeps the entries already read for it.
 */
#ifndef FLOWDIAG_VPC_JSON_H
#define FLOWDIAG_VPC_JSON_H

#include <stddef.h>

#include "flowdiag/util/errinfo.h"
#include "flowdiag/vpc/vpc.h"

/* The largest file read. */
#define VPC_JSON_MAX_FILE (64u << 20)
/* The most files a directory may hold. */
#define VPC_JSON_MAX_FILES 4096
/* The most objects (groups, ACLs, tables, interfaces, lists) and the most
 * elements (rules, entries, routes, addresses, associations, groups of an
 * interface, prefix list entries) a config may hold, counted over
 * everything read into it. */
#define VPC_JSON_MAX_OBJECTS  10000
#define VPC_JSON_MAX_ELEMENTS 100000

/* Reads path into c: a file, or a directory's regular *.json files (not
 * hidden, not below it; a link followed only to a regular file) in the
 * byte order of their names.  Returns 0, or -1 with ei set: a file that
 * cannot be read (EC_NOINPUT, EC_PERM, EC_IO) or is not what it should be
 * (EC_DATA). */
int vpc_load_path(struct vpc_config *c, const char *path, struct errinfo *ei);

/* Reads the len bytes of text (need not be NUL-terminated) into c, as the
 * file origin (which names it in messages and in each object's origin).
 * Returns 0, or -1 with ei set (EC_DATA). */
int vpc_load_json(struct vpc_config *c, const char *text, size_t len,
    const char *origin, struct errinfo *ei);

#endif
