#!/usr/bin/env python3
"""A stand-in for EC2, for what moto does not do: denied access and
DescribeFlowLogs answers over several pages.

    python3 tests/fake-ec2.py MODE PORTFILE

MODE is denied (every action answers UnauthorizedOperation), pages
(one interface for 10.0.1.10; flow logs in two pages, the second with the
one that delivers to log group plain, and a delivery error), abab
(DescribeFlowLogs pages whose next tokens go A, B, A, B...), deep-error
(every action answers a 15 MB error nested 60 deep, its Error at the
bottom), echo-token (one flow log, to log group g, whose delivery error
and format quote the request's session token and a prefix of it),
acl-denied (DescribeNetworkAcls answers UnauthorizedOperation; the
interface of 10.0.1.10 is in security group sg-1, which lets in TCP 443
from 10.0.0.0/16 and names no other group; subnet-1's route table rtb-1
sends 0.0.0.0/0 to a blackhole), pl-fail (the interface's group sg-1
lets in TCP 22 from prefix lists pl-1 and pl-2, which
DescribeManagedPrefixLists knows and GetManagedPrefixListEntries answers
with an error; no ACL, no route table) or one of fakeaws.py's hostile
modes.  It writes the port it listens on
(127.0.0.1 only) to PORTFILE, answers at most 50 requests and stops after
120 seconds in any case.  Its answers are the EC2 Query protocol's, which tests/cli/ec2.sh
checks with the real AWS CLI.
"""

import sys
from urllib.parse import parse_qs

sys.dont_write_bytecode = True  # no tests/__pycache__ in the source tree
import fakeaws  # noqa: E402

MODE = sys.argv[1]
NS = "http://ec2.amazonaws.com/doc/2016-11-15/"


def flow_log(fid, resource, group, status, error="", extra=""):
    return ("<item><creationTime>2023-11-14T20:00:00.000Z</creationTime>"
            "<deliverLogsStatus>%s</deliverLogsStatus>%s"
            "<flowLogId>%s</flowLogId><flowLogStatus>ACTIVE</flowLogStatus>"
            "<logGroupName>%s</logGroupName><resourceId>%s</resourceId>"
            "<trafficType>ALL</trafficType>"
            "<logDestinationType>cloud-watch-logs</logDestinationType>"
            "<logFormat>${version} ${account-id} ${interface-id} ${srcaddr} "
            "${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} "
            "${start} ${end} ${action} ${log-status}%s</logFormat>"
            "<maxAggregationInterval>60</maxAggregationInterval></item>"
            % (status, "<deliverLogsErrorMessage>%s</deliverLogsErrorMessage>"
               % error if error else "", fid, group, resource, extra))


class Handler(fakeaws.XmlHandler):
    def error(self, status, code, msg):
        self.answer(status, "<Response><Errors><Error><Code>%s</Code>"
                    "<Message>%s</Message></Error></Errors>"
                    "<RequestID>0f5e1a2b-%04d</RequestID></Response>"
                    % (code, msg, self.server.requests))

    def respond(self, body):
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        action = form.get("Action", "")
        if not self.signed():
            self.error(401, "AuthFailure", "AWS was not able to validate the "
                       "provided access credentials")
        elif form.get("Version") != "2016-11-15":
            self.error(400, "InvalidParameterValue", "bad Version")
        elif MODE == "denied":
            self.error(403, "UnauthorizedOperation",
                       "You are not authorized to perform this operation. "
                       "User: arn:aws:iam::123456789012:user/oncall is not "
                       "authorized to perform: ec2:%s because no "
                       "identity-based policy allows the ec2:%s action"
                       % (action, action))
        elif MODE == "acl-denied" and action == "DescribeNetworkAcls":
            self.error(403, "UnauthorizedOperation",
                       "You are not authorized to perform this operation.")
        elif MODE == "pl-fail" and action == "DescribeSecurityGroups":
            self.answer(200, '<DescribeSecurityGroupsResponse xmlns="%s">'
                        "<requestId>r</requestId><securityGroupInfo><item>"
                        "<groupId>sg-1</groupId><groupName>web</groupName>"
                        "<ipPermissions><item><ipProtocol>tcp</ipProtocol>"
                        "<fromPort>22</fromPort><toPort>22</toPort>"
                        "<prefixListIds><item><prefixListId>pl-1"
                        "</prefixListId></item><item><prefixListId>pl-2"
                        "</prefixListId></item></prefixListIds></item>"
                        "</ipPermissions></item></securityGroupInfo>"
                        "</DescribeSecurityGroupsResponse>" % NS)
        elif MODE == "pl-fail" and action in ("DescribeNetworkAcls",
                                              "DescribeRouteTables"):
            self.answer(200, '<%sResponse xmlns="%s"><requestId>r'
                        "</requestId></%sResponse>" % (action, NS, action))
        elif MODE == "pl-fail" and action == "DescribeManagedPrefixLists":
            self.answer(200, '<DescribeManagedPrefixListsResponse xmlns="%s">'
                        "<requestId>r</requestId><prefixListSet><item>"
                        "<prefixListId>pl-1</prefixListId><prefixListName>"
                        "corp</prefixListName></item><item><prefixListId>"
                        "pl-2</prefixListId><prefixListName>lab"
                        "</prefixListName></item></prefixListSet>"
                        "</DescribeManagedPrefixListsResponse>" % NS)
        elif MODE == "acl-denied" and action == "DescribeSecurityGroups":
            self.answer(200, '<DescribeSecurityGroupsResponse xmlns="%s">'
                        "<requestId>r</requestId><securityGroupInfo><item>"
                        "<groupId>sg-1</groupId><groupName>web</groupName>"
                        "<vpcId>vpc-1</vpcId><ipPermissions><item>"
                        "<ipProtocol>tcp</ipProtocol><fromPort>443</fromPort>"
                        "<toPort>443</toPort><groups/><ipRanges><item>"
                        "<cidrIp>10.0.0.0/16</cidrIp></item></ipRanges>"
                        "</item></ipPermissions><ipPermissionsEgress/>"
                        "</item></securityGroupInfo>"
                        "</DescribeSecurityGroupsResponse>" % NS)
        elif MODE == "acl-denied" and action == "DescribeRouteTables":
            items = ""
            if form.get("Filter.1.Name") == "association.subnet-id":
                items = ("<item><routeTableId>rtb-1</routeTableId>"
                         "<vpcId>vpc-1</vpcId><routeSet><item>"
                         "<destinationCidrBlock>10.0.0.0/16"
                         "</destinationCidrBlock><gatewayId>local</gatewayId>"
                         "<state>active</state></item><item>"
                         "<destinationCidrBlock>0.0.0.0/0"
                         "</destinationCidrBlock><natGatewayId>nat-1"
                         "</natGatewayId><state>blackhole</state></item>"
                         "</routeSet><associationSet><item><main>false</main>"
                         "<subnetId>subnet-1</subnetId></item>"
                         "</associationSet></item>")
            self.answer(200, '<DescribeRouteTablesResponse xmlns="%s">'
                        "<requestId>r</requestId><routeTableSet>%s"
                        "</routeTableSet></DescribeRouteTablesResponse>"
                        % (NS, items))
        elif MODE == "deep-error":
            per = "<b/>" * (15 * 1024 * 1024 // 60 // 4)
            self.answer(400, "<Response>" + ("<x>" + per) * 60
                        + "<Errors><Error><Code>InvalidParameterValue</Code>"
                        "<Message>deep down</Message></Error></Errors>"
                        + "</x>" * 60 + "</Response>")
        elif MODE == "abab" and action == "DescribeFlowLogs":
            token = "B" if form.get("NextToken") == "A" else "A"
            self.answer(200, '<DescribeFlowLogsResponse xmlns="%s">'
                        "<requestId>r</requestId><flowLogSet/>"
                        "<nextToken>%s</nextToken></DescribeFlowLogsResponse>"
                        % (NS, token))
        elif action == "DescribeNetworkInterfaces":
            self.answer(200, '<DescribeNetworkInterfacesResponse xmlns="%s">'
                        "<requestId>r</requestId><networkInterfaceSet><item>"
                        "<networkInterfaceId>eni-0a1b2c3d4e5f60001"
                        "</networkInterfaceId><subnetId>subnet-1</subnetId>"
                        "<vpcId>vpc-1</vpcId><privateIpAddress>10.0.1.10"
                        "</privateIpAddress><groupSet><item><groupId>sg-1"
                        "</groupId></item></groupSet></item>"
                        "</networkInterfaceSet>"
                        "</DescribeNetworkInterfacesResponse>" % NS)
        elif action == "DescribeFlowLogs" and MODE == "echo-token":
            token = self.headers.get("X-Amz-Security-Token", "")
            items = flow_log("fl-1", "eni-0a1b2c3d4e5f60001", "g", "FAILED",
                             "cannot deliver with " + token + " (" + token[:40] + ")",
                             " " + token[:100])
            self.answer(200, '<DescribeFlowLogsResponse xmlns="%s">'
                        "<requestId>r</requestId><flowLogSet>%s</flowLogSet>"
                        "</DescribeFlowLogsResponse>" % (NS, items))
        elif action == "DescribeFlowLogs":
            if form.get("NextToken") == "page-2":
                items, token = flow_log("fl-2", "subnet-1", "plain", "FAILED",
                                        "Rate limited"), ""
            else:
                items = flow_log("fl-1", "eni-0a1b2c3d4e5f60001", "elsewhere",
                                 "SUCCESS")
                token = "<nextToken>page-2</nextToken>"
            self.answer(200, '<DescribeFlowLogsResponse xmlns="%s">'
                        "<requestId>r</requestId><flowLogSet>%s</flowLogSet>"
                        "%s</DescribeFlowLogsResponse>" % (NS, items, token))
        else:
            self.error(400, "InvalidAction", "no action " + action)


fakeaws.serve(Handler, sys.argv[2], 50, MODE)
