"""Quality control: FAIR and pitfall checks, rules, reasoner, independent tools."""
