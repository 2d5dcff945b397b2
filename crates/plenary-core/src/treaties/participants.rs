//! The participants of the treaties: the UN Treaty Collection's spellings mapped explicitly to codes.
