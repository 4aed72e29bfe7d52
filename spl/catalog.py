"""The names of Splunk's search commands, so that an unknown one can be told apart from one
that exists in Splunk but that this tool does not run yet (from Splunk's Search Reference,
"Command quick reference")."""

SPLUNK_COMMANDS = frozenset("""
abstract accum addcoltotals addinfo addtotals analyzefields anomalies anomalousvalue anomalydetection
append appendcols appendpipe arules associate autoregress bin bucket bucketdir chart cluster cofilter
collect concurrency contingency convert correlate datamodel dbinspect dedup delete delta diff
erex eval eventcount eventstats extract kv fieldformat fields fieldsummary filldown fillnull findtypes
folderize foreach format from gauge gentimes geom geomfilter geostats head highlight history iconify
inputcsv inputlookup iplocation join kmeans kvform loadjob localize localop lookup makecontinuous
makemv makeresults map mcollect metadata metasearch meventcollect mpreview msearch mstats multikv
multisearch mvcombine mvexpand nomv outlier outputcsv outputlookup outputtext overlap pivot predict
rangemap rare regex reltime rename replace require rest return reverse rex rtorder run savedsearch
script scrub search searchtxn selfjoin sendemail set setfields sichart sirare sistats sitimechart
sitop sort spath stats strcat streamstats table tags tail timechart timewrap tojson top transaction
transpose trendline tscollect tstats typeahead typelearner typer union uniq untable walklex where
x11 xmlkv xmlunescape xpath xyseries
""".split())
