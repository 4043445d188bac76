"""Score sheets: saving answers safely, submitting, signing off and reopening."""
