/*
 * The online source of a VPC's configuration: what governs a target's
 * traffic, read from EC2's Describe* answers into a vpc_config snapshot
 * (vpc/vpc.h).  The target's and the clients' network interfaces, their
 * security groups and the groups those name, the members of the named
 * groups, the network ACLs and route tables of their subnets, and the
 * prefix lists that rules and routes name, with their entries.
 *
 * What cannot be read (an action denied, an answer refused) is one line
 * in cfg->missing and one warning (util/notice.h); an item of an answer
 * whose ids are not in AWS's form, or whose numbers or addresses do not
 * read, is skipped and counted in cfg->missing.  Every count is capped.
 */
#ifndef FLOWDIAG_EC2_CONFIG_H
#define FLOWDIAG_EC2_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "flowdiag/aws/aws.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/vpc/vpc.h"

/* Clients whose interfaces are looked up; the rest are not. */
#define EC2_CONFIG_CLIENTS_MAX 256
/* Interfaces taken in all, and of those, members of groups that rules
 * name. */
#define EC2_CONFIG_INTERFACES_MAX 1024
#define EC2_CONFIG_MEMBERS_MAX    512
/* Security groups, network ACLs, route tables, prefix lists taken. */
#define EC2_CONFIG_SGS_MAX  256
#define EC2_CONFIG_ACLS_MAX 256
#define EC2_CONFIG_RTS_MAX  256
#define EC2_CONFIG_PLS_MAX  64
/* Rules of a group one way, entries of an ACL, routes of a table, entries
 * of a prefix list, subnets associated with an ACL or a table, addresses
 * and groups of an interface. */
#define EC2_CONFIG_RULES_MAX      1000
#define EC2_CONFIG_ENTRIES_MAX    1000
#define EC2_CONFIG_ROUTES_MAX     1000
#define EC2_CONFIG_PL_ENTRIES_MAX 5000
#define EC2_CONFIG_SUBNETS_MAX    256
#define EC2_CONFIG_ADDRS_MAX      128
#define EC2_CONFIG_GROUPS_MAX     16

/* Reads into cfg (zeroed by the caller, or holding what other sources
 * gave) what governs the traffic between the target and the clients
 * (clients[0..nclients), private addresses; at most
 * EC2_CONFIG_CLIENTS_MAX of them are looked up).  Each object read has
 * origin "api".  A call that fails is a line in cfg->missing and a
 * warning, and the rest is read.  -1 only for what would stop every call:
 * Ctrl-C (EC_INTERRUPTED), no credentials or refused ones, no way to the
 * endpoint; what was read until then stays in cfg. */
int ec2_read_config(struct aws_client *c, const struct addr *target,
    const struct addr *clients, size_t nclients, struct vpc_config *cfg,
    struct errinfo *ei);

/*
 * The readers of one answer, xml[0..len), each appending what it holds
 * to cfg: *next is a new string, the next page's token, or NULL (also
 * when a cap is reached, which is a line in cfg->missing).  -1 when the
 * answer is not XML.
 */

/* DescribeNetworkInterfaces: networkInterfaceSet. */
int ec2_parse_config_interfaces(const char *xml, size_t len,
    struct vpc_config *cfg, char **next, struct errinfo *ei);
/* DescribeSecurityGroups: securityGroupInfo. */
int ec2_parse_security_groups(const char *xml, size_t len,
    struct vpc_config *cfg, char **next, struct errinfo *ei);
/* DescribeNetworkAcls: networkAclSet. */
int ec2_parse_network_acls(const char *xml, size_t len, struct vpc_config *cfg,
    char **next, struct errinfo *ei);
/* DescribeRouteTables: routeTableSet. */
int ec2_parse_route_tables(const char *xml, size_t len, struct vpc_config *cfg,
    char **next, struct errinfo *ei);
/* DescribeManagedPrefixLists: prefixListSet (ids and names). */
int ec2_parse_prefix_lists(const char *xml, size_t len, struct vpc_config *cfg,
    char **next, struct errinfo *ei);
/* GetManagedPrefixListEntries of the prefix list id (already in cfg):
 * entrySet, appended to its entries; entries_known is the caller's to
 * set once every page is read. */
int ec2_parse_prefix_list_entries(const char *xml, size_t len,
    struct vpc_config *cfg, const char *id, char **next, struct errinfo *ei);

#endif
