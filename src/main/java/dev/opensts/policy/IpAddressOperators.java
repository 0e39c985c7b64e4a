package dev.opensts.policy;

import java.util.List;

/** IpAddress (and NotIpAddress): the context address lies in one of the policy's IPv4 or IPv6 CIDR ranges. */
record IpAddressOperators() implements OperatorFamily {
    @Override
    public ValueTest compile(String operator, List<String> values, boolean variablesEnabled) {
        Cidr[] ranges = new Cidr[values.size()];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = Cidr.parse(values.get(i));
            if (ranges[i] == null) {
                throw new IllegalArgumentException("\"" + values.get(i) + "\" is not an IP address or CIDR range");
            }
        }
        return (cv, ctx) -> {
            byte[] addr = Cidr.parseAddress(cv.trim());
            if (addr == null) {
                return false;
            }
            for (Cidr r : ranges) {
                if (r.contains(addr)) {
                    return true;
                }
            }
            return false;
        };
    }
}
