"""The names of Splunk's search commands, so that an unknown one can be told apart from one
that exists in Splunk but that this tool does not run yet.

From Splunk's Search Reference: the "Command quick reference" and the list of command pages
(https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/quick-reference/command-quick-reference,
and the 10.2 reference's search-commands pages, which add awssnsalert, ctable, datamodelsimple,
dbxquery, entitymerge, fromjson, ingestpreview, inputintelligence, sendalert and the snow*
commands); the aliases the pages and Splunk's searchbnf.conf give (bucket and discretize for bin,
kv for extract, excerpt for abstract); and the reference's internal commands
(https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/internal-commands).
"""

SPLUNK_COMMANDS = frozenset("""
abstract accum addcoltotals addinfo addtotals analyzefields anomalies anomalousvalue anomalydetection
append appendcols appendpipe arules associate autoregress awssnsalert bin bucket bucketdir chart
cluster cofilter collect concurrency contingency convert correlate ctable datamodel datamodelsimple
dbinspect dbxquery dedup delete delta diff discretize entitymerge erex eval eventcount eventstats
excerpt extract kv fieldformat fields fieldsummary filldown fillnull findtypes folderize foreach
format from fromjson gauge gentimes geom geomfilter geostats head highlight history iconify
ingestpreview inputcsv inputintelligence inputlookup iplocation join kmeans kvform loadjob localize
localop lookup makecontinuous makemv makeresults map mcollect metadata metasearch meventcollect
mpreview msearch mstats multikv multisearch mvcombine mvexpand nomv outlier outputcsv outputlookup
outputtext overlap pivot predict rangemap rare regex reltime rename replace require rest return
reverse rex rtorder run savedsearch script scrub search searchtxn selfjoin sendalert sendemail set
setfields sichart sirare sistats sitimechart sitop snowevent snoweventstream snowincident
snowincidentstream sort spath stats strcat streamstats table tags tail timechart timewrap tojson top
transaction transpose trendline tscollect tstats typeahead typelearner typer union uniq untable
walklex where x11 xmlkv xmlunescape xpath xyseries
collapse dump findkeywords makejson mcatalog noop prjob redistribute runshellscript
""".split())
