"""Online payment of a request's fee (issue 15).

- :mod:`.provider`: the provider interface (create a payment, fetch its
  status, refund) and the site's provider from its settings;
- :mod:`.mollie`: Mollie through mollie-api-python (Bancontact, cards);
- :mod:`.service`: what the e-guichet does with it (start a payment, settle
  it from the provider's word, refund, expire, the finance export);
- :mod:`.fakemollie`: a fake Mollie on loopback for the tests and the demo.
"""
